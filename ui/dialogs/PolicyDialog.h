// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"

#include <QDialog>
#include <QMap>

class QCheckBox;
class QLabel;
class QPushButton;
class Store;

/// The approval policy, one checkbox per rule; every change is saved through OperatorService and
/// audited. Supervisors only: for anyone else the dialog shows the policy read-only.
class PolicyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PolicyDialog)

public:
    /// store is not owned and must outlive the dialog.
    PolicyDialog(Store* store, const Operator& actor, QWidget* parent = nullptr);

    QCheckBox* checkBoxFor(const QString& key) const { return m_boxes.value(key); }

private:
    void load();
    void save();
    void updateWidgets();
    QMap<QString, bool> changes() const;

    Store* m_store;
    Operator m_actor;
    QMap<QString, bool> m_saved;
    QMap<QString, QCheckBox*> m_boxes;
    QLabel* m_message;
    QPushButton* m_save;
};
