// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "domain/Policy.h"
#include "services/GovernanceService.h"

#include <QDialog>
#include <QMap>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

/// The approval policy: one checkbox per rule and one field per number (idle lock, approval expiry,
/// checkpoint interval, sign-in throttle). Anyone signed in may read it; a supervisor may request a
/// change, with a reason: the change waits in Approvals until a second supervisor approves it
/// (GovernanceService), and only then takes effect.
class PolicyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PolicyDialog)

public:
    /// Reads the policy and requests its changes through `governance` (its store must outlive the dialog).
    PolicyDialog(GovernanceService governance, const Operator& actor, QWidget* parent = nullptr);

    QCheckBox* checkBoxFor(const QString& key) const { return m_boxes.value(key); }
    /// The action of the change requested (0 before one is).
    qint64 requestedAction() const { return m_requested; }

private:
    void load();
    void save();
    void updateWidgets();
    Policy wanted() const;
    QString pendingText() const;

    GovernanceService m_governance;
    Operator m_actor;
    Policy m_saved;
    QMap<QString, QCheckBox*> m_boxes;
    QMap<QString, QSpinBox*> m_spins;
    QLabel* m_pending;
    QLineEdit* m_reason = nullptr;
    QLabel* m_message;
    QPushButton* m_save = nullptr;
    qint64 m_requested = 0;
};
