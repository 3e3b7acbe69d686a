// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/AuditEntry.h"
#include "domain/Operator.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

/// The store's operators: who may sign in, with which role (docs/architecture.md section 2). Part of
/// Store; its audited writes append their entry in the same transaction as the change. Errors as Store's.
class OperatorRepository
{
public:
    virtual ~OperatorRepository() = default;

    virtual std::optional<qint64> operatorCount(QString* error) = 0;
    /// passwordHash is a PasswordHasher string; a store refuses anything else (never a plain password).
    virtual bool addOperator(const Operator& op, const QString& passwordHash, QString* error) = 0;
    /// As above, and appends `entry` (e.g. "operator-added") in the same transaction where the store can.
    virtual bool addOperatorAudited(const Operator& op, const QString& passwordHash, const AuditEntry& entry,
                                    QString* error) = 0;
    /// Writes an existing operator's role and active flag (found by name), and its password hash unless
    /// passwordHash is empty, and appends `entry`, in one transaction.
    virtual bool updateOperatorAudited(const Operator& op, const QString& passwordHash,
                                       const AuditEntry& entry, QString* error) = 0;
    /// Includes deactivated operators: signing in must check Operator::active. Nothing, with error
    /// left empty, when there is no operator of that name.
    virtual std::optional<Operator> findOperator(const QString& name, QString* passwordHash,
                                                 QString* error) = 0;
    virtual std::optional<QList<Operator>> operators(QString* error) = 0;

    /// An enforced store: the operator this connection signed in as (the database's session_user and
    /// its group role). nullopt with *error when that role is not an active operator of the store.
    virtual std::optional<Operator> sessionOperator(QString* error)
    {
        if (error)
            *error = QStringLiteral("This store does not sign operators in by their database role.");
        return std::nullopt;
    }
    /// An enforced store: whether `password` is the password of the role this connection signed in as,
    /// checked by the server on a connection of its own (the password again: unlock, step-up). False
    /// with *error saying why (a wrong password, or the server could not be reached).
    virtual bool checkSessionPassword(const QString& password, QString* error)
    {
        Q_UNUSED(password);
        if (error)
            *error = QStringLiteral("This store does not sign operators in by their database role.");
        return false;
    }
    /// An enforced store: when the password this connection signed in with stops working (a first
    /// password, set by `admin init` or by the supervisor who added the operator, until the operator
    /// chooses their own); a null QDateTime when it does not expire. nullopt with *error.
    virtual std::optional<QDateTime> sessionPasswordExpiry(QString* error)
    {
        Q_UNUSED(error);
        return QDateTime();
    }
};
