// SPDX-License-Identifier: GPL-3.0-or-later
// SqlStore as the OperatorRepository: the console's own operators (SQLite and shared-credential stores).
#include "SqlStore.h"

#include "PasswordHasher.h"
#include "SqlValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace SqlValues;

// ----------------------------------------------------------------------------------------- operators

std::optional<qint64> SqlStore::operatorCount(QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT COUNT(*) FROM operators"), {}, tr("count the operators"), error))
        return std::nullopt;
    return q.next() ? q.value(0).toLongLong() : 0;
}

bool SqlStore::insertOperator(const Operator& op, const QString& passwordHash, QString* error)
{
    const QString name = op.name.trimmed();
    if (name.isEmpty())
        return fail(error, tr("An operator needs a name."));
    if (!PasswordHasher::isWellFormed(passwordHash))
        return fail(error, tr("The password for operator “%1” is not a password hash; the store never keeps "
                              "plain passwords. This is a bug in IdentityDesk: please report it.")
                               .arg(name));
    const QString role = Roles::toString(op.role);
    const QString what = tr("add the operator “%1”").arg(name);
    {
        QSqlQuery q(m_db);
        if (!exec(q, QStringLiteral("SELECT COUNT(*) FROM operators WHERE name = ?"), {name}, what, error))
            return false;
        if (q.next() && q.value(0).toLongLong() > 0)
            return fail(error, tr("An operator named “%1” already exists. Choose another name.").arg(name));
    }
    QSqlQuery q(m_db);
    const QDateTime created = op.createdAt.isValid() ? op.createdAt : nowUtc();
    return exec(q,
                QStringLiteral("INSERT INTO operators (name, role, password_hash, created_at, active) "
                               "VALUES (?, ?, ?, ?, ?)"),
                {storable(name), role, passwordHash, timeText(created), op.active}, what, error);
}

bool SqlStore::addOperator(const Operator& op, const QString& passwordHash, QString* error)
{
    if (m_enforced) {
        AuditEntry e;
        e.event = QStringLiteral("operator-added");
        e.action = QStringLiteral("operators");
        return enforcedAddOperator(op, passwordHash, e, error);
    }
    return writeTransaction(tr("add an operator"), error,
                            [&](QString* err) { return insertOperator(op, passwordHash, err); });
}

bool SqlStore::addOperatorAudited(const Operator& op, const QString& passwordHash, const AuditEntry& entry,
                                  QString* error)
{
    if (m_enforced)
        return enforcedAddOperator(op, passwordHash, entry, error);
    return writeTransaction(tr("add an operator"), error, [&](QString* err) {
        AuditEntry e = entry;
        return insertOperator(op, passwordHash, err) && appendLocked(e, err);
    });
}

bool SqlStore::updateOperatorAudited(const Operator& op, const QString& passwordHash, const AuditEntry& entry,
                                     QString* error)
{
    if (m_enforced)
        return enforcedUpdateOperator(op, passwordHash, entry, error);
    const QString name = op.name.trimmed();
    const QString what = tr("change the operator “%1”").arg(name);
    if (!passwordHash.isEmpty() && !PasswordHasher::isWellFormed(passwordHash))
        return fail(error, tr("The password for operator “%1” is not a password hash; the store never keeps "
                              "plain passwords. This is a bug in IdentityDesk: please report it.")
                               .arg(name));
    return writeTransaction(what, error, [&](QString* err) {
        QSqlQuery q(m_db);
        const bool changed =
            passwordHash.isEmpty()
                ? exec(q, QStringLiteral("UPDATE operators SET role = ?, active = ? WHERE name = ?"),
                       {Roles::toString(op.role), op.active, name}, what, err)
                : exec(q,
                       QStringLiteral(
                           "UPDATE operators SET role = ?, active = ?, password_hash = ? WHERE name = ?"),
                       {Roles::toString(op.role), op.active, passwordHash, name}, what, err);
        if (!changed)
            return false;
        if (q.numRowsAffected() != 1)
            return fail(err, tr("There is no operator named “%1”.").arg(name));
        AuditEntry e = entry;
        return appendLocked(e, err);
    });
}

std::optional<Operator> SqlStore::findOperator(const QString& name, QString* passwordHash, QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q,
              QStringLiteral("SELECT id, name, role, password_hash, created_at, active FROM operators "
                             "WHERE name = ?"),
              {name.trimmed()}, tr("look up the operator “%1”").arg(name), error))
        return std::nullopt;
    if (!q.next())
        return std::nullopt; // no such operator: not a store failure, so no error

    const std::optional<Role> role = Roles::fromString(q.value(2).toString());
    if (!role) {
        fail(error,
             tr("Operator “%1” has the unknown role “%2” in the store at %3. A supervisor must correct it.")
                 .arg(name, q.value(2).toString(), location()));
        return std::nullopt;
    }
    Operator op;
    op.id = q.value(0).toLongLong();
    op.name = q.value(1).toString();
    op.role = *role;
    op.createdAt = parseTime(q.value(4).toString());
    op.active = q.value(5).toBool();
    if (passwordHash)
        *passwordHash = q.value(3).toString();
    return op;
}

std::optional<QList<Operator>> SqlStore::operators(QString* error)
{
    if (!ready(error))
        return std::nullopt;
    QSqlQuery q(m_db);
    if (!read(q, QStringLiteral("SELECT id, name, role, created_at, active FROM operators ORDER BY name"), {},
              tr("list the operators"), error))
        return std::nullopt;
    QList<Operator> list;
    while (q.next()) {
        Operator op;
        op.id = q.value(0).toLongLong();
        op.name = q.value(1).toString();
        // An unknown role can only come from a newer version; the least privileged reading is safe.
        op.role = Roles::fromString(q.value(2).toString()).value_or(Role::Auditor);
        op.createdAt = parseTime(q.value(3).toString());
        op.active = q.value(4).toBool();
        list << op;
    }
    return list;
}
