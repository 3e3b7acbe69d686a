// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Subject.h"
#include "net/ApiError.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>

class HttpReply;
class SdkFinanceClient;
class Session;
class Store;

/// The 360 view of one person (docs/architecture.md section 6, `users show`): every provider's state gathered
/// at once into one JSON document, section by section:
///   "subject"       the index entry (reference, e-mail, ids at each provider)
///   "smileid"       flags: last known state from the audit log ("source": "audit-log"; Smile ID has
///                   no read API)
///   "smileid_jobs"  job status of the SmartSelfie registration (job_type 4) via /v1/job_status
///   "sdkfinance"    profile status and the user's pending reset-identification requests
///   "trustswiftly"  the user with workflow / re-verification state
///   "smartid"       enrollment as far as the index and the audit log know it
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
    /// (provider = "smileid", "sdkfinance", "trustswiftly", "smartid"). Cancels a load in flight.
    /// knownIds: ids the console already knows the person by where the index links none (e.g. the
    /// Smile ID user id a Trust Swiftly record's reference gives), read and searched as if linked.
    void load(const QString& id, const QString& provider = QString(),
              const QMap<QString, QString>& knownIds = {});
    /// Asks Smile ID for the enrollment job's history and image links as well (on demand).
    void setJobDetails(bool history, bool imageLinks);
    /// Aborts every request in flight; finished() is not emitted for the aborted load.
    void cancel();

    bool isLoading() const { return !m_pending.isEmpty(); }
    /// The document so far: {"subject":…, "<section>":{"status":…, …}, …}.
    QJsonObject document() const { return m_document; }
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

signals:
    void sectionChanged(const QString& section, SubjectProfileService::SectionState state);
    void finished();

private:
    void setSection(const QString& section, SectionState state, QJsonObject content,
                    const ApiError& error = {});
    void track(const QString& section, HttpReply* reply);
    void loadLocal();
    void loadSmileIdJobs();
    void loadSdkFinance();
    /// Found requests, the error that stopped the search, and a note when not every page was read.
    using SdkRequestsDone = std::function<void(const QJsonArray&, const ApiError&, const QString&)>;
    void loadSdkRequests(SdkFinanceClient* client, const QString& user, int page,
                         const std::shared_ptr<QJsonArray>& found, const SdkRequestsDone& finished);
    void loadTrustSwiftly();
    void maybeFinish();

    Session* m_session;
    Store& m_store;
    Subject m_subject;
    QJsonObject m_document;
    QMap<QString, SectionState> m_states;
    QMap<QString, ApiError> m_errors;
    QMap<QString, QPointer<HttpReply>> m_pending;
    QString m_problem;
    bool m_history = false;
    bool m_imageLinks = false;
    bool m_securityWarning = false;
    quint64 m_generation = 0;
};
