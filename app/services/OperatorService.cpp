// SPDX-License-Identifier: GPL-3.0-or-later
#include "OperatorService.h"

#include "GovernanceService.h"
#include "PasswordChange.h"
#include "PresenceCheck.h"
#include "store/PasswordHasher.h"
#include "store/ScramVerifier.h"
#include "store/Store.h"
#include "store/StoreFactory.h"
#include "store/StoreUrl.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>

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
/// The one grammar of operator names: sign-in refuses (and does not audit) anything else.
bool isOperatorName(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._@-]{2,64}$"));
    return valid.match(name).hasMatch();
}
} // namespace

std::optional<QString> OperatorService::passwordVerifier(const QString& password) const
{
    if (!m_store->enforcesRules())
        return PasswordHasher::hash(password);
    const QString verifier = ScramVerifier::make(password);
    if (verifier.isEmpty())
        return std::nullopt;
    return verifier;
}

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

QString OperatorService::throttled(const QString& name, QString* error, bool* storeFailed) const
{
    *storeFailed = false;
    QString storeError;
    const std::optional<Policy> policy = m_store->policy(&storeError);
    if (!policy) {
        *storeFailed = true;
        *error = storeError;
        return QString();
    }
    const int maxFailures = policy->setting(Policy::signInMaxFailures());
    const int windowMinutes = policy->setting(Policy::signInThrottleMinutes());
    AuditFilter filter;
    filter.operatorName = name;
    // Far enough back to see the failures within a window that ended up to one window ago.
    filter.from = QDateTime::currentDateTimeUtc().addSecs(-2 * 60 * windowMinutes);
    const std::optional<QList<AuditEntry>> recent = m_store->auditEntries(filter, &storeError);
    if (!recent) {
        *storeFailed = true;
        *error = storeError;
        return QString();
    }
    // The failures since the name last signed in (oldest first: a sign-in clears the count).
    QList<QDateTime> failures;
    for (const AuditEntry& e : *recent) {
        if (e.event == QLatin1String("sign-in-failed"))
            failures << e.time;
        else if (e.event == QLatin1String("signed-in") || e.event == QLatin1String("unlocked") ||
                 e.event == QLatin1String("step-up"))
            failures.clear();
    }
    if (failures.size() < maxFailures)
        return QString();
    std::sort(failures.begin(), failures.end());
    // The last maxFailures failures within one window: the name waits a window after the last.
    const QDateTime last = failures.constLast();
    if (failures.at(failures.size() - maxFailures).secsTo(last) > 60 * windowMinutes)
        return QString();
    const QDateTime until = last.addSecs(60 * windowMinutes);
    if (until <= QDateTime::currentDateTimeUtc())
        return QString();
    const qint64 minutes = qMax<qint64>(1, (QDateTime::currentDateTimeUtc().secsTo(until) + 59) / 60);
    return tr("Too many failed sign-ins for “%1” (%2 within %3 minutes): wait %4 minute(s) and try again, "
              "or ask a supervisor.")
        .arg(name)
        .arg(maxFailures)
        .arg(windowMinutes)
        .arg(minutes);
}

bool OperatorService::auditFailure(const QString& name, const QString& why, QString* error) const
{
    AuditEntry e;
    e.operatorName = name;
    e.event = QStringLiteral("sign-in-failed");
    e.action = QStringLiteral("session");
    e.reason = why;
    return m_store->appendAudit(e, error);
}

std::optional<Operator> OperatorService::signInAsRoleAt(const StoreUrl& url, const QString& name,
                                                        const QString& password, QString* error)
{
    std::optional<Operator> op;
    if (!signInAsRole(url, name, password, &op, error))
        return std::nullopt;
    return op;
}

std::unique_ptr<Store> OperatorService::signInAsRole(const StoreUrl& url, const QString& rawName,
                                                     const QString& password, std::optional<Operator>* op,
                                                     QString* error, bool* refused)
{
    op->reset();
    if (refused)
        *refused = true; // the server's answer, unless it could not be reached (below)
    const QString name = rawName.trimmed();
    if (!isOperatorName(name)) {
        *error = tr("Unknown operator or wrong password.");
        return nullptr;
    }
    const StoreUrl asRole = url.withUserName(name).withPassword(password);
    QString openError;
    std::unique_ptr<Store> store = StoreFactory::open(asRole, &openError);
    if (!store) {
        // PostgreSQL gives the same refusal for a missing role and a wrong password (SCRAM, LDAP); a
        // server that trusts the connection names a missing role: either way, the same words here.
        if (openError.contains(QLatin1String("authentication failed")) ||
            (openError.contains(QLatin1String("role \"")) &&
             openError.contains(QLatin1String("does not exist"))))
            *error = tr("Unknown operator or wrong password (the team store at %1 refused the sign-in).")
                         .arg(url.toDisplayString());
        else if (openError.contains(QLatin1String("permission denied")))
            // A login role the store's groups do not include cannot even read the store.
            *error = tr("The database role “%1” is not an operator of the team store at %2: it is in none of "
                        "the store's group roles. Ask the store's administrator to add it (identitydesk-cli "
                        "operators add, or admin init --check to list what is missing).")
                         .arg(name, url.toDisplayString());
        else {
            *error = openError;
            if (refused)
                *refused = false;
        }
        return nullptr;
    }
    if (!store->enforcesRules()) {
        *error =
            tr("The store at %1 is not a team store whose server checks its operators, so nobody signs in "
               "to it as a database role. Put the store's own credential in its URL, or ask the "
               "administrator to run identitydesk-cli admin init.")
                .arg(url.toDisplayString());
        return nullptr;
    }
    // Sets *refused again: false when signed in, or when the store failed rather than refused.
    *op = OperatorService(store.get()).signIn(name, QString(), error, refused);
    if (!*op)
        return nullptr;
    return store;
}

std::optional<Operator> OperatorService::signIn(const QString& rawName, const QString& password,
                                                QString* error, bool* refused) const
{
    return authenticate(rawName, password, QStringLiteral("signed-in"), error, refused);
}

QString OperatorService::storeLocation() const
{
    return m_store->location();
}

std::optional<Operator> OperatorService::signInAt(const QString& storeUrl, const QString& name,
                                                  const QString& password, bool bootstrap, QString* error)
{
    const std::unique_ptr<Store> store = StoreFactory::open(storeUrl, error);
    if (!store)
        return std::nullopt;
    const OperatorService operators(store.get());
    if (bootstrap && !operators.addOperator(std::nullopt, name, Role::Supervisor, password, error))
        return std::nullopt;
    return operators.signIn(name, password, error);
}

PresenceCheck OperatorService::presenceCheck() const
{
    return PresenceCheck(m_store->opener());
}

PasswordChange OperatorService::passwordChange() const
{
    return PasswordChange(m_store->opener());
}

QDateTime OperatorService::passwordExpiry() const
{
    QString ignored;
    return m_store->sessionPasswordExpiry(&ignored).value_or(QDateTime());
}

int OperatorService::idleLockMinutes() const
{
    QString error;
    const std::optional<Policy> policy = m_store->policy(&error);
    return policy ? policy->setting(Policy::idleLockMinutes())
                  : Policy::settingDefault(Policy::idleLockMinutes());
}

bool OperatorService::recordLocked(const Operator& op, QString* error) const
{
    AuditEntry entry;
    entry.operatorName = op.name;
    entry.role = Roles::toString(op.role);
    entry.event = QStringLiteral("session-locked");
    entry.action = QStringLiteral("session");
    return m_store->appendAudit(entry, error);
}

std::optional<Operator> OperatorService::confirmPresence(const QString& name, const QString& password,
                                                         Presence why, QString* error, bool* refused) const
{
    return authenticate(name, password,
                        why == Presence::Unlock ? QStringLiteral("unlocked") : QStringLiteral("step-up"),
                        error, refused);
}

std::optional<Operator> OperatorService::authenticate(const QString& rawName, const QString& password,
                                                      const QString& event, QString* error,
                                                      bool* refused) const
{
    if (refused)
        *refused = false;
    const QString name = rawName.trimmed();
    if (m_store->enforcesRules()) {
        // A team store whose rules PostgreSQL enforces: connecting as the operator's database role was
        // the sign-in (SCRAM, LDAP, certificates: whatever the server is configured for); the
        // identity is the connection's, never a name the console supplies.
        std::optional<Operator> op = m_store->sessionOperator(error);
        if (!op) {
            if (refused)
                *refused = true;
            return std::nullopt;
        }
        if (!name.isEmpty() && name != op->name) {
            if (refused)
                *refused = true;
            *error =
                tr("This connection to the team store is signed in as “%1”, not “%2”: put the operator's "
                   "name in the store URL (postgresql://%2@host/db).")
                    .arg(op->name, name);
            return std::nullopt;
        }
        // The password again (unlock, step-up): the connection proves who signed in, not who sits at
        // the console now, so the server checks the password typed, as at sign-in.
        if (event != QLatin1String("signed-in") && !m_store->checkSessionPassword(password, error)) {
            if (refused)
                *refused = true;
            QString ignored;
            AuditEntry failed = entry(*op, QStringLiteral("sign-in-failed"), QStringLiteral("session"));
            failed.reason = tr("the password again (%1) was wrong").arg(event);
            m_store->appendAudit(failed, &ignored);
            return std::nullopt;
        }
        AuditEntry e = entry(*op, event, QStringLiteral("session"));
        if (!m_store->appendAudit(e, error))
            return std::nullopt;
        return op;
    }
    // A name that cannot be an operator's is refused as unknown, and not written to the audit log.
    const bool wellFormed = isOperatorName(name);
    if (wellFormed) {
        bool storeFailed = false;
        const QString wait = throttled(name, error, &storeFailed);
        if (storeFailed)
            return std::nullopt;
        if (!wait.isEmpty()) {
            if (refused)
                *refused = true;
            *error = wait;
            return std::nullopt;
        }
    }
    QString hash;
    QString storeError;
    const std::optional<Operator> op =
        wellFormed ? m_store->findOperator(name, &hash, &storeError) : std::optional<Operator>();
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
    const bool passwordOk = op && PasswordHasher::verify(password, hash);
    if (!passwordOk) {
        // The same words whether or not the name exists: sign-in must not tell who has an account.
        if (wellFormed && !auditFailure(name, QStringLiteral("unknown operator or wrong password"), error))
            return std::nullopt; // a failure that cannot be audited is a store failure
        if (refused)
            *refused = true;
        *error = tr("Unknown operator or wrong password.");
        return std::nullopt;
    }
    if (!op->active) {
        if (!auditFailure(name, QStringLiteral("account deactivated"), error))
            return std::nullopt;
        if (refused)
            *refused = true;
        *error = tr("The account “%1” is deactivated: it cannot sign in. Ask a supervisor if it should be "
                    "reactivated.")
                     .arg(name);
        return std::nullopt;
    }
    AuditEntry e = entry(*op, event, QStringLiteral("session"));
    if (!m_store->appendAudit(e, error))
        return std::nullopt; // no unaudited sessions
    return op;
}

std::optional<Operator> OperatorService::addOperator(const std::optional<Operator>& actor,
                                                     const QString& rawName, Role role,
                                                     const QString& password, QString* error) const
{
    const QString name = rawName.trimmed();
    if (!isOperatorName(name)) {
        *error = tr("An operator name has 2 to 64 letters, digits or . _ @ -.");
        return std::nullopt;
    }
    // In a team store an empty password adds a database role the DBA made for its own sign-in
    // (LDAP, certificates, Kerberos): PostgreSQL authenticates it, not a password set here.
    const bool ownAuthentication = m_store->enforcesRules() && password.isEmpty();
    if (!ownAuthentication && password.size() < kMinimumPasswordLength) {
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
    } else if (role == Role::Supervisor) {
        // Four eyes on who may approve: once there are two supervisors, a new one is added as an
        // officer and promoted with a second supervisor's approval.
        const std::optional<int> count = GovernanceService(m_store).supervisors(error);
        if (!count)
            return std::nullopt;
        if (*count >= 2) {
            *error =
                tr("A new supervisor needs a second supervisor's approval: add %1 as an officer, then run "
                   "operators set-role %1 supervisor --reason TEXT, which another supervisor approves.")
                    .arg(name);
            return std::nullopt;
        }
    }
    // A team store receives a SCRAM verifier for the operator's database role, never the password.
    const std::optional<QString> hash = ownAuthentication ? QString() : passwordVerifier(password);
    if (!hash) {
        *error = tr("The password could not be hashed.");
        return std::nullopt;
    }
    Operator op;
    op.name = name;
    op.role = role;
    op.createdAt = QDateTime::currentDateTimeUtc();
    // The first supervisor of an empty store is its bootstrap: named as such in the log, so that a
    // store made on the side to approve one's own actions shows what it is.
    AuditEntry e = entry(actor.value_or(op),
                         *bootstrap ? QStringLiteral("store-bootstrap") : QStringLiteral("operator-added"),
                         QStringLiteral("operators"));
    e.subjectIds = QStringList{name};
    e.after = QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("role"), Roles::toString(role)}};
    // The operator and its audit entry are written in one transaction.
    if (!m_store->addOperatorAudited(op, *hash, e, error))
        return std::nullopt;
    return op;
}

std::optional<QList<Operator>> OperatorService::operators(QString* error) const
{
    return m_store->operators(error);
}

bool OperatorService::setActive(const Operator& actor, const QString& rawName, bool active,
                                const QString& reason, QString* error) const
{
    const QString name = rawName.trimmed();
    if (!Roles::canManageOperators(actor.role)) {
        *error = tr("Only supervisors can deactivate or reactivate operators.");
        return false;
    }
    if (reason.trimmed().isEmpty()) {
        *error = tr("A reason is required.");
        return false;
    }
    if (name == actor.name) {
        *error = tr("You cannot deactivate or reactivate your own account: ask another supervisor.");
        return false;
    }
    QString hash;
    QString storeError;
    std::optional<Operator> op = m_store->findOperator(name, &hash, &storeError);
    if (!op) {
        *error = storeError.isEmpty() ? tr("There is no operator named “%1”.").arg(name) : storeError;
        return false;
    }
    if (op->active == active) {
        *error =
            active ? tr("“%1” is already active.").arg(name) : tr("“%1” is already deactivated.").arg(name);
        return false;
    }
    AuditEntry e =
        entry(actor, active ? QStringLiteral("operator-reactivated") : QStringLiteral("operator-deactivated"),
              QStringLiteral("operators"));
    e.subjectIds = QStringList{name};
    e.reason = reason.trimmed();
    e.before = QJsonObject{{QStringLiteral("active"), op->active}};
    e.after = QJsonObject{{QStringLiteral("active"), active}};
    op->active = active;
    return m_store->updateOperatorAudited(*op, QString(), e, error);
}

bool OperatorService::setPassword(const Operator& actor, const QString& rawName, const QString& password,
                                  QString* error) const
{
    const QString name = rawName.trimmed();
    if (name != actor.name && !Roles::canManageOperators(actor.role)) {
        *error = tr("Only a supervisor can set another operator's password.");
        return false;
    }
    if (password.size() < kMinimumPasswordLength) {
        *error = tr("The password must have at least %1 characters.").arg(kMinimumPasswordLength);
        return false;
    }
    QString oldHash;
    QString storeError;
    const std::optional<Operator> op = m_store->findOperator(name, &oldHash, &storeError);
    if (!op) {
        *error = storeError.isEmpty() ? tr("There is no operator named “%1”.").arg(name) : storeError;
        return false;
    }
    // A team store receives a SCRAM verifier for the operator's database role, never the password.
    const std::optional<QString> hash = passwordVerifier(password);
    if (!hash) {
        *error = tr("The password could not be hashed.");
        return false;
    }
    AuditEntry e = entry(actor, QStringLiteral("operator-password-changed"), QStringLiteral("operators"));
    e.subjectIds = QStringList{name};
    return m_store->updateOperatorAudited(*op, *hash, e, error);
}
