// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"

#include <QDateTime>
#include <QString>
#include <memory>
#include <optional>

class PasswordChange;
class PresenceCheck;
class Store;
class StoreUrl;

/// Sign-in, operators and policy changes, each audited. Password hashing is deliberately slow:
/// GUI callers run signIn() and addOperator() off the GUI thread.
class OperatorService final
{
public:
    static constexpr int kMinimumPasswordLength = 8;

    explicit OperatorService(Store* store);
    Store* store() const { return m_store; }
    /// The store's description for messages, without credentials.
    QString storeLocation() const;

    /// True when no operator exists yet (the first one must be a supervisor and needs no sign-in).
    std::optional<bool> needsBootstrap(QString* error) const;
    /// Checks the password; the same message for an unknown name and a wrong password. A failed
    /// sign-in is audited ("sign-in-failed"); after the policy's signin.max_failures of one name
    /// within signin.throttle_minutes (since it last signed in), that name is refused without a password
    /// check until the window has passed. A deactivated account is refused, saying so, once its password is
    /// right. refused (if given) is set when the sign-in was refused, as opposed to a store failure.
    std::optional<Operator> signIn(const QString& name, const QString& password, QString* error,
                                   bool* refused = nullptr) const;
    /// A team store whose rules PostgreSQL enforces, where operators are database roles: connects to
    /// `url` as the role `name` with `password` (the URL's own credential is not used; whatever
    /// pg_hba.conf says applies: SCRAM, LDAP …) and signs in as that role. Returns that connection
    /// (for the calling thread only) with *op set, or null with *error: the same words for a wrong
    /// password and a missing role, a role in none of the store's groups, a store that is not
    /// enforced. Slow (network): GUI callers run it off the GUI thread.
    /// Signs `name` in at the store at storeUrl on a connection of the calling thread's own (closed
    /// again before returning); with bootstrap, first creates that name as the store's first
    /// supervisor. Slow (the password hash): GUI callers run it off the GUI thread.
    static std::optional<Operator> signInAt(const QString& storeUrl, const QString& name,
                                            const QString& password, bool bootstrap, QString* error);
    /// signInAsRole() on a connection of the calling thread's own, closed again before returning: the
    /// operator, or nothing with *error (for a worker thread that only checks the sign-in).
    static std::optional<Operator> signInAsRoleAt(const StoreUrl& url, const QString& name,
                                                  const QString& password, QString* error);
    static std::unique_ptr<Store> signInAsRole(const StoreUrl& url, const QString& name,
                                               const QString& password, std::optional<Operator>* op,
                                               QString* error, bool* refused = nullptr);
    /// Why a signed-in operator types their password again.
    enum class Presence
    {
        Unlock, ///< the console locked itself after the policy's idle time ("unlocked")
        StepUp, ///< before a destructive action ("step-up")
    };
    /// Checks the signed-in operator's password again, as signIn() does (throttle, deactivated
    /// account, the failure audited), and audits the success under its own event. Run it off the GUI
    /// thread (slow hash).
    std::optional<Operator> confirmPresence(const QString& name, const QString& password, Presence why,
                                            QString* error, bool* refused = nullptr) const;
    /// What runs confirmPresence() on a worker thread, with a connection of its own to this store.
    PresenceCheck presenceCheck() const;
    /// What changes the signed-in operator's own password on a worker thread, with a connection of its
    /// own to this store.
    PasswordChange passwordChange() const;
    /// When the password this connection signed in with stops working (a first password in an
    /// enforced team store: Store::sessionPasswordExpiry()); a null QDateTime when it does not.
    QDateTime passwordExpiry() const;
    /// The policy's idle time before a console locks itself (session.idle_lock_minutes); its default
    /// when the policy cannot be read, never no lock.
    int idleLockMinutes() const;
    /// Audits that op's console locked itself ("session-locked").
    bool recordLocked(const Operator& op, QString* error) const;
    /// Adds an operator. actor: the signed-in operator (a supervisor), or nullopt for the first one.
    std::optional<Operator> addOperator(const std::optional<Operator>& actor, const QString& name, Role role,
                                        const QString& password, QString* error) const;
    /// Every operator, deactivated ones included, by name.
    std::optional<QList<Operator>> operators(QString* error) const;
    /// Deactivates (active false) or reactivates the operator `name`, audited with the reason;
    /// supervisors only, never themselves. A deactivated operator cannot sign in.
    bool setActive(const Operator& actor, const QString& name, bool active, const QString& reason,
                   QString* error) const;
    /// Sets the password of `name`: one's own, or anyone's for a supervisor; audited (never the password).
    bool setPassword(const Operator& actor, const QString& name, const QString& password,
                     QString* error) const;

private:
    std::optional<Operator> authenticate(const QString& name, const QString& password, const QString& event,
                                         QString* error, bool* refused) const;
    /// Why `name` may not try to sign in now (too many recent failures), or empty.
    QString throttled(const QString& name, QString* error, bool* storeFailed) const;
    bool auditFailure(const QString& name, const QString& why, QString* error) const;
    /// What the store keeps of a new password: a PasswordHasher string, or in an enforced team store
    /// the SCRAM verifier of the operator's database role.
    std::optional<QString> passwordVerifier(const QString& password) const;

    Store* m_store;
};
