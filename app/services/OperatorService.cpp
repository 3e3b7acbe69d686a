// SPDX-License-Identifier: GPL-3.0-or-later
#include "OperatorService.h"

#include "store/PasswordHasher.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("OperatorService", text);
}

AuditEntry entry(const Operator& actor, const QString& event, const QString& action)
{
    AuditEntry e;
    e.operatorName = actor.name;
    e.role = Roles::toString(actor.role);
    e.event = event;
    e.action = action;
    return e;
}
} // namespace

OperatorService::OperatorService(Store* store)
    : m_store(store)
{}

std::optional<bool> OperatorService::needsBootstrap(QString* error) const
{
    const std::optional<qint64> count = m_store->operatorCount(error);
    if (!count)
        return std::nullopt;
    return *count == 0;
}

std::optional<Operator> OperatorService::signIn(const QString& name, const QString& password, QString* error,
                                                bool* refused) const
{
    if (refused)
        *refused = false;
    QString hash;
    QString storeError;
    const std::optional<Operator> op = m_store->findOperator(name.trimmed(), &hash, &storeError);
    if (!op && !storeError.isEmpty()) {
        *error = storeError;
        return std::nullopt;
    }
    if (!op) {
        // As slow as a wrong password, so the time taken does not tell either.
        static const QString unused =
            PasswordHasher::hash(QStringLiteral("no such operator")).value_or(QString());
        PasswordHasher::verify(password, unused);
    }
    if (!op || !op->active || !PasswordHasher::verify(password, hash)) {
        // The same words whether or not the name exists: sign-in must not tell who has an account.
        if (refused)
            *refused = true;
        *error = tr("Unknown operator or wrong password.");
        return std::nullopt;
    }
    AuditEntry e = entry(*op, QStringLiteral("signed-in"), QStringLiteral("session"));
    if (!m_store->appendAudit(e, error))
        return std::nullopt; // no unaudited sessions
    return op;
}

std::optional<Operator> OperatorService::addOperator(const std::optional<Operator>& actor,
                                                     const QString& rawName, Role role,
                                                     const QString& password, QString* error) const
{
    const QString name = rawName.trimmed();
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._@-]{2,64}$"));
    if (!valid.match(name).hasMatch()) {
        *error = tr("An operator name has 2 to 64 letters, digits or . _ @ -.");
        return std::nullopt;
    }
    if (password.size() < kMinimumPasswordLength) {
        *error = tr("The password must have at least %1 characters.").arg(kMinimumPasswordLength);
        return std::nullopt;
    }
    const std::optional<bool> bootstrap = needsBootstrap(error);
    if (!bootstrap)
        return std::nullopt;
    if (*bootstrap) {
        if (role != Role::Supervisor) {
            *error = tr("The first operator must be a supervisor.");
            return std::nullopt;
        }
    } else if (!actor || !Roles::canManageOperators(actor->role)) {
        *error = tr("Only a signed-in supervisor can add operators.");
        return std::nullopt;
    }
    const std::optional<QString> hash = PasswordHasher::hash(password);
    if (!hash) {
        *error = tr("The password could not be hashed.");
        return std::nullopt;
    }
    Operator op;
    op.name = name;
    op.role = role;
    op.createdAt = QDateTime::currentDateTimeUtc();
    AuditEntry e = entry(actor.value_or(op), QStringLiteral("operator-added"), QStringLiteral("operators"));
    e.subjectIds = QStringList{name};
    e.after = QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("role"), Roles::toString(role)}};
    // The operator and its audit entry are written in one transaction.
    if (!m_store->addOperatorAudited(op, *hash, e, error))
        return std::nullopt;
    return op;
}

bool OperatorService::setPolicyRule(const Operator& actor, const QString& key, bool requiresApproval,
                                    QString* error) const
{
    if (!Roles::canEditPolicy(actor.role)) {
        *error = tr("Only supervisors can change the policy.");
        return false;
    }
    if (!Policy::knownKeys().contains(key)) {
        *error = tr("Unknown policy rule '%1'.").arg(key);
        return false;
    }
    if (Policy::isFixed(key)) {
        *error = tr("The rule '%1' cannot be changed: approving or declining a user's request is itself "
                    "the approval, so it never waits for a second one.")
                     .arg(key);
        return false;
    }
    const std::optional<Policy> before = m_store->policy(error);
    if (!before)
        return false;
    AuditEntry e = entry(actor, QStringLiteral("policy-changed"), key);
    e.before = QJsonObject{{QStringLiteral("requires_approval"), before->requiresApproval(key)}};
    e.after = QJsonObject{{QStringLiteral("requires_approval"), requiresApproval}};
    // One transaction: a policy change that cannot be audited does not happen.
    return m_store->setPolicyRuleAudited(key, requiresApproval, e, error);
}
