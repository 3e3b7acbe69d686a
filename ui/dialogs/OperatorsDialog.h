// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "services/OperatorService.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

/// The people who may sign in: name, role and whether the account is active. Supervisors deactivate
/// and reactivate operators here, with a reason, through OperatorService (audited); everyone else
/// (and a supervisor on their own row) sees the list read-only.
class OperatorsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OperatorsDialog)

public:
    OperatorsDialog(OperatorService operators, const Operator& actor, QWidget* parent = nullptr);

signals:
    /// An operator was deactivated or reactivated (the audit log has a new entry).
    void changed();

private:
    void load();
    void updateWidgets();
    void askToSetActive(bool active);
    /// Changes the selected operator's role to the one chosen (GovernanceService: making a supervisor
    /// waits for a second supervisor in Approvals).
    void askToSetRole();
    QString selectedName() const;
    bool selectedIsActive() const;

    OperatorService m_operators;
    Operator m_actor;
    QTableWidget* m_table;
    QPushButton* m_deactivate;
    QPushButton* m_reactivate;
    QComboBox* m_role;
    QPushButton* m_setRole;
    QLabel* m_message;
};
