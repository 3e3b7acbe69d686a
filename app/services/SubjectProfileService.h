// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ProfileSection.h"
#include "domain/AuditEntry.h"
#include "domain/Subject.h"
#include "net/ApiError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QStringList>

struct AuditEntry;
class HttpReply;
class Session;
class Store;

/// The 360 view of one person (docs/architecture.md section 6, `users show`): every provider's state gathered
/// at once, section by section, each a typed ProfileSection (document() is their JSON for `--json`):
///   "subject"       the index entry (reference, e-mail, ids at each provider)
///   then each provider module's own sections (ProviderModule::profileSections(): a provider's
///   flags as last recorded in the audit log, a job's decision, a profile and its pending requests,
///   a user and their workflow…), loaded by the module
///   "audit"         this person's audit history; "approvals" actions waiting for approval
/// Every section has a status (loading / ok / unavailable / error); sections load concurrently,
/// each with the client's timeout. Nothing blocks; finished() follows when all sections are done.
class SubjectProfileService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SubjectProfileService)

public:
    enum class SectionState
    {
        Loading,
        Ok,
        Unavailable, ///< not linked at that provider, or the profile has no such provider
        Error
    };
    Q_ENUM(SectionState)

    /// The section keys, in display order.
    static QStringList sections();

    /// `session` may be null (index and audit only). Neither is owned.
    SubjectProfileService(Session* session, Store& store, QObject* parent = nullptr);
    ~SubjectProfileService() override;

    /// Loads the 360 document for a subject reference (provider empty) or for a provider's id
    /// (provider: a registered provider's key). Cancels a load in flight.
    /// knownIds: ids the console already knows the person by where the index links none (e.g. the
    /// Smile ID user id a Trust Swiftly record's reference gives), read and searched as if linked.
    void load(const QString& id, const QString& provider = QString(),
              const QMap<QString, QString>& knownIds = {});
    /// Asks the providers for the details they give on demand as well: a record's history and its
    /// image links (Smile ID's enrollment job).
    void setJobDetails(bool history, bool imageLinks)
    {
        m_wantsHistory = history;
        m_wantsImageLinks = imageLinks;
    }
    bool wantsHistory() const { return m_wantsHistory; }
    bool wantsImageLinks() const { return m_wantsImageLinks; }
    /// Aborts every request in flight; finished() is not emitted for the aborted load.
    void cancel();

    bool isLoading() const { return !m_pending.isEmpty(); }
    /// The document so far, for `users show --json`: {"subject":…, "<section>":{"status":…, …}, …}.
    /// Built when asked, from the typed sections: the view never needs it.
    QJsonObject document() const;
    /// A section's content as set by its module (null while none is), e.g. to read as its own type:
    /// `dynamic_cast<const MyProviderSection*>(service.content(key))`.
    const ProfileSection* content(const QString& section) const { return m_contents.value(section).get(); }
    SectionState sectionState(const QString& section) const;
    /// The error of a section in state Error (kind None otherwise).
    ApiError sectionError(const QString& section) const { return m_errors.value(section); }
    /// The subject the document is about (reference empty when the id is linked to nobody).
    const Subject& subject() const { return m_subject; }
    /// A store or usage problem that stopped the load (e.g. unknown subject); empty otherwise.
    QString problem() const { return m_problem; }
    /// True when any section reported a security warning (a Smile ID answer with a bad signature).
    bool hasSecurityWarning() const { return m_securityWarning; }

    static QString stateName(SectionState state);

    // What a provider module's loadProfileSections() works with.
    /// The person's session (null: index and audit only).
    Session* session() const { return m_session; }
    void setSection(const QString& section, SectionState state, ProfileSectionPtr content,
                    const ApiError& error = {});
    /// Sets a section Unavailable, saying why (a ProfileNotice).
    void setUnavailable(const QString& section, const QString& why);
    /// The person's id at provider (the key of its section) when client (the session's, or null) can
    /// ask for it; otherwise empty, with the section set Unavailable saying why (the profile has no
    /// such section, or no id is linked).
    QString userOrUnavailable(const QString& provider, const QObject* client);
    /// For a section drawn from the audit log alone: the person's history with their id at provider in
    /// *user; null, with the section set Error (the log cannot be read) or Unavailable (no id linked).
    const QList<AuditEntry>* linkedHistory(const QString& provider, QString* user);
    /// A request of a section (or of part of one, "<section>.<part>") is in flight: cancel()
    /// aborts it and its answer is not delivered.
    void track(const QString& part, HttpReply* reply);
    bool isTracked(const QString& part) const { return m_pending.contains(part); }
    /// The request of part has been answered (before its section is set).
    void untrack(const QString& part) { m_pending.remove(part); }
    /// Emits finished() when no request is in flight any more (after a section is set).
    void maybeFinish();
    /// A provider's answer failed its signature check: the view shows a security warning.
    void markSecurityWarning() { m_securityWarning = true; }

signals:
    void sectionChanged(const QString& section, SubjectProfileService::SectionState state);
    void finished();

private:
    void loadLocal();

    Session* m_session;
    Store& m_store;
    Subject m_subject;
    QMap<QString, ProfileSectionPtr> m_contents;
    QMap<QString, SectionState> m_states;
    QMap<QString, ApiError> m_errors;
    QMap<QString, QPointer<HttpReply>> m_pending;
    QString m_problem;
    QList<AuditEntry> m_history;
    ApiError m_historyError;
    bool m_wantsHistory = false;
    bool m_wantsImageLinks = false;
    bool m_securityWarning = false;
    quint64 m_generation = 0;
};
