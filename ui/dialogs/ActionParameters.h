// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QWidget>

/// The part of an action that a provider lets the officer choose (SDK.Finance's profile fields,
/// Trust Swiftly's workflows): the one widget a provider supplies to the common ActionDialog, which
/// does everything else (the person, the plain words, approval, repeat, reason, request details).
class ActionParameters : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionParameters)

public:
    using QWidget::QWidget;

    /// The request's parameters as chosen now, in the executor's grammar.
    virtual QJsonObject params() const = 0;
    /// Why these parameters cannot be sent yet, in words for the officer; empty when they can.
    virtual QString problem() const { return QString(); }

signals:
    /// The officer changed the parameters: the dialog reads params() and problem() again.
    void changed();
};
