// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class ActionService;
class Session;

/// A main-window tab a provider adds of its own (SDK.Finance's pending resets), between Audit and
/// Jobs (docs/adding-a-provider.md).
class ProviderTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderTab)

public:
    using QWidget::QWidget;

    /// Neither owned; both null when signed out.
    virtual void setSession(const Session* session, ActionService* service) = 0;
    virtual void setEnvironment(const QString& profileName, bool production) = 0;
    /// The tab's title now, e.g. "Pending resets (4,118)".
    virtual QString title() const = 0;
    /// The View menu's entry, with its mnemonic.
    virtual QString menuText() const = 0;
    /// The tab's tool tip; shortcut: the key that shows it, e.g. "Ctrl+5".
    virtual QString toolTip(const QString& shortcut) const = 0;

signals:
    /// title() changed.
    void titleChanged();
    /// Show the person with this id at provider in the Users tab (searched by name, by id without one).
    void openUserRequested(const QString& provider, const QString& userId, const QString& userName);
};
