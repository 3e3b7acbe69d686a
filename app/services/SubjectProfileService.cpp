// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectProfileService.h"

#include "Session.h"
#include "domain/ResetRequestPage.h"
#include "domain/UserRecord.h"
#include "net/HttpReply.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/smileid/SmileIdClient.h"
#include "providers/smileid/SmileIdJobStatus.h"
#include "providers/smileid/SmileIdWire.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QTimer>
#include <algorithm>

namespace {
const QString kSubject = QStringLiteral("subject");
const QString kSmileId = QStringLiteral("smileid");
const QString kSmileIdJobs = QStringLiteral("smileid_jobs");
const QString kSdkFinance = QStringLiteral("sdkfinance");
const QString kTrustSwiftly = QStringLiteral("trustswiftly");
const QString kSmartId = QStringLiteral("smartid");
const QString kAudit = QStringLiteral("audit");
const QString kApprovals = QStringLiteral("approvals");
// Pending requests inside the sdkfinance section.
const QString kSdkRequests = QStringLiteral("sdkfinance.requests");
const QString kSdkProfile = QStringLiteral("sdkfinance.profile");

QJsonObject auditJson(const AuditEntry& e)
{
    return QJsonObject{{QStringLiteral("seq"), double(e.seq)},
                       {QStringLiteral("time"), AuditEntry::formatTime(e.time)},
                       {QStringLiteral("operator"), e.operatorName},
                       {QStringLiteral("event"), e.event},
                       {QStringLiteral("action"), e.action},
                       {QStringLiteral("provider"), e.provider},
                       {QStringLiteral("reason"), e.reason},
                       {QStringLiteral("outcome"), e.outcome},
                       {QStringLiteral("after"), e.after}};
}

QJsonObject userJson(const UserRecord& u)
{
    QJsonObject o{{QStringLiteral("id"), u.id},
                  {QStringLiteral("reference_id"), u.referenceId},
                  {QStringLiteral("name"), u.displayName()},
                  {QStringLiteral("email"), u.email},
                  {QStringLiteral("phone"), u.phone},
                  {QStringLiteral("status"), u.status}};
    for (auto it = u.attributes.cbegin(); it != u.attributes.cend(); ++it)
        o.insert(it.key(), QJsonValue::fromVariant(it.value()));
    return o;
}

/// An action that took effect: by the provider's answer, or by a person who resolved an unknown
/// outcome as succeeded.
bool appliedOutcome(const AuditEntry& e)
{
    return (e.event == QLatin1String("outcome") || e.event == QLatin1String("resolved")) &&
           (e.outcome == QLatin1String("succeeded") || e.outcome == QLatin1String("already-in-state"));
}
} // namespace

QStringList SubjectProfileService::sections()
{
    return {kSubject, kSmileId, kSmileIdJobs, kSdkFinance, kTrustSwiftly, kSmartId, kAudit, kApprovals};
}

QString SubjectProfileService::stateName(SectionState state)
{
    switch (state) {
    case SectionState::Loading:
        return QStringLiteral("loading");
    case SectionState::Ok:
        return QStringLiteral("ok");
    case SectionState::Unavailable:
        return QStringLiteral("unavailable");
    case SectionState::Error:
        return QStringLiteral("error");
    }
    return QString();
}

SubjectProfileService::SubjectProfileService(Session* session, Store& store, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_store(store)
{}

SubjectProfileService::~SubjectProfileService()
{
    cancel();
}

void SubjectProfileService::setJobDetails(bool history, bool imageLinks)
{
    m_history = history;
    m_imageLinks = imageLinks;
}

void SubjectProfileService::cancel()
{
    ++m_generation;
    const auto pending = m_pending;
    m_pending.clear();
    for (const QPointer<HttpReply>& reply : pending) {
        if (reply) {
            disconnect(reply, nullptr, this, nullptr);
            reply->cancel();
        }
    }
}

SubjectProfileService::SectionState SubjectProfileService::sectionState(const QString& section) const
{
    return m_states.value(section, SectionState::Loading);
}

void SubjectProfileService::setSection(const QString& section, SectionState state, QJsonObject content,
                                       const ApiError& error)
{
    m_states.insert(section, state);
    m_errors.insert(section, error);
    content.insert(QStringLiteral("status"), stateName(state));
    if (error.isError())
        content.insert(QStringLiteral("error"), error.message());
    m_document.insert(section, content);
    emit sectionChanged(section, state);
}

void SubjectProfileService::track(const QString& key, HttpReply* reply)
{
    m_pending.insert(key, reply);
}

void SubjectProfileService::load(const QString& idIn, const QString& providerIn,
                                 const QMap<QString, QString>& knownIds)
{
    cancel();
    const quint64 generation = m_generation;
    m_document = QJsonObject();
    m_states.clear();
    m_errors.clear();
    m_problem.clear();
    m_securityWarning = false;
    m_subject = Subject();
    const QString id = idIn.trimmed();
    const QString provider = providerIn.trimmed().toLower();

    QString error;
    if (provider.isEmpty()) {
        const std::optional<Subject> s = m_store.subject(id, &error);
        if (!s)
            m_problem = error;
        else
            m_subject = *s;
    } else if (!Subject::providers().contains(provider)) {
        m_problem = tr("Unknown provider “%1” (known: %2).")
                        .arg(provider, Subject::providers().join(QStringLiteral(", ")));
    } else {
        const std::optional<Subject> s = m_store.subjectByLink(provider, id, &error);
        if (s)
            m_subject = *s;
        else if (!error.isEmpty())
            m_problem = error;
        else
            m_subject.ids.insert(provider, id); // known to the provider, linked to nobody
    }
    for (auto it = knownIds.cbegin(); it != knownIds.cend(); ++it)
        if (!it.value().trimmed().isEmpty() && m_subject.idAt(it.key()).isEmpty() &&
            Subject::providers().contains(it.key()))
            m_subject.ids.insert(it.key(), it.value().trimmed());
    if (!m_problem.isEmpty()) {
        QTimer::singleShot(0, this, [this, generation] {
            if (generation == m_generation)
                emit finished();
        });
        return;
    }

    QJsonObject ids;
    for (auto it = m_subject.ids.cbegin(); it != m_subject.ids.cend(); ++it)
        ids.insert(it.key(), it.value());
    setSection(kSubject, SectionState::Ok,
               QJsonObject{{QStringLiteral("reference"), m_subject.reference},
                           {QStringLiteral("linked"), !m_subject.reference.isEmpty()},
                           {QStringLiteral("email"), m_subject.email},
                           {QStringLiteral("smileid_job"), m_subject.smileIdJob},
                           {QStringLiteral("ids"), ids}});
    loadLocal();
    loadSmileIdJobs();
    loadSdkFinance();
    loadTrustSwiftly();
    // Every section may have been decided already: finish later, never inside load().
    QTimer::singleShot(0, this, [this, generation] {
        if (generation == m_generation)
            maybeFinish();
    });
}

void SubjectProfileService::maybeFinish()
{
    if (m_pending.isEmpty())
        emit finished();
}

void SubjectProfileService::loadLocal()
{
    // The person's audit history: entries naming the reference or any of the provider ids.
    QStringList keys = m_subject.ids.values();
    if (!m_subject.reference.isEmpty())
        keys.prepend(m_subject.reference);
    QMap<qint64, AuditEntry> entries;
    QString error;
    bool auditOk = true;
    for (const QString& key : std::as_const(keys)) {
        AuditFilter filter;
        filter.subjectId = key;
        filter.limit = 500;
        const std::optional<QList<AuditEntry>> list = m_store.auditEntries(filter, &error);
        if (!list) {
            auditOk = false;
            break;
        }
        for (const AuditEntry& e : *list) {
            // A provider id is only this person's when the entry is about that provider.
            const QString provider = m_subject.ids.key(key);
            if (!provider.isEmpty() && !e.provider.isEmpty() && e.provider != provider)
                continue;
            entries.insert(e.seq, e);
        }
    }
    if (!auditOk) {
        ApiError e;
        e.kind = ApiError::Kind::Server;
        e.provider = tr("Store");
        e.operation = tr("read the audit log");
        e.detail = error;
        setSection(kAudit, SectionState::Error, {}, e);
        setSection(kSmileId, SectionState::Error, {}, e);
        setSection(kSmartId, SectionState::Error, {}, e);
    } else {
        QJsonArray history;
        for (const AuditEntry& e : std::as_const(entries))
            history.append(auditJson(e));
        setSection(kAudit, SectionState::Ok, QJsonObject{{QStringLiteral("entries"), history}});

        // Smile ID has no read API: its flags are what the audit log last recorded as applied.
        const QString smileUser = m_subject.idAt(kSmileId);
        if (smileUser.isEmpty()) {
            setSection(kSmileId, SectionState::Unavailable,
                       QJsonObject{{QStringLiteral("message"), tr("No Smile ID user id is linked.")}});
        } else {
            QJsonObject flags;
            QString asOf;
            for (const AuditEntry& e : std::as_const(entries)) {
                if (e.provider != kSmileId || !appliedOutcome(e))
                    continue;
                for (auto it = e.after.constBegin(); it != e.after.constEnd(); ++it)
                    flags.insert(it.key(), it.value());
                asOf = AuditEntry::formatTime(e.time);
            }
            setSection(kSmileId, SectionState::Ok,
                       QJsonObject{{QStringLiteral("user_id"), smileUser},
                                   {QStringLiteral("source"), QStringLiteral("audit-log")},
                                   {QStringLiteral("label"), tr("last known, from the audit log")},
                                   {QStringLiteral("flags"), flags},
                                   {QStringLiteral("as_of"), asOf}});
        }

        // SmartID: enrollment is known only from the index and our own un-enroll actions.
        const QString smartUser = m_subject.idAt(kSmartId);
        if (smartUser.isEmpty()) {
            setSection(kSmartId, SectionState::Unavailable,
                       QJsonObject{{QStringLiteral("message"), tr("No SmartID user is linked.")}});
        } else {
            QString enrollment = QStringLiteral("enrolled");
            QString asOf;
            for (const AuditEntry& e : std::as_const(entries)) {
                if (e.provider == kSmartId && appliedOutcome(e) &&
                    e.action.contains(QLatin1String("unenroll"))) {
                    enrollment = QStringLiteral("unenrolled");
                    asOf = AuditEntry::formatTime(e.time);
                }
            }
            setSection(
                kSmartId, SectionState::Ok,
                QJsonObject{{QStringLiteral("user"), smartUser},
                            {QStringLiteral("enrollment"), enrollment},
                            {QStringLiteral("source"), QStringLiteral("index-and-audit-log")},
                            {QStringLiteral("label"), tr("known only from the index and the audit log")},
                            {QStringLiteral("as_of"), asOf}});
        }
    }

    // Actions about this person waiting for a supervisor.
    const std::optional<QList<ActionRecord>> waiting =
        m_store.actionsInState(ActionRecord::State::PendingApproval, &error);
    if (!waiting) {
        ApiError e;
        e.kind = ApiError::Kind::Server;
        e.provider = tr("Store");
        e.operation = tr("read the approvals queue");
        e.detail = error;
        setSection(kApprovals, SectionState::Error, {}, e);
    } else {
        QJsonArray list;
        for (const ActionRecord& a : *waiting) {
            if (m_subject.idAt(a.request.provider) != a.request.userId)
                continue;
            list.append(QJsonObject{{QStringLiteral("id"), double(a.id)},
                                    {QStringLiteral("provider"), a.request.provider},
                                    {QStringLiteral("action"), a.request.action},
                                    {QStringLiteral("user_id"), a.request.userId},
                                    {QStringLiteral("params"), a.request.params},
                                    {QStringLiteral("initiator"), a.initiator},
                                    {QStringLiteral("reason"), a.request.reason}});
        }
        setSection(kApprovals, SectionState::Ok, QJsonObject{{QStringLiteral("pending"), list}});
    }
}

void SubjectProfileService::loadSmileIdJobs()
{
    const QString user = m_subject.idAt(kSmileId);
    SmileIdClient* client = m_session ? m_session->client<SmileIdClient>() : nullptr;
    if (user.isEmpty() || m_subject.smileIdJob.isEmpty() || !client) {
        const QString why = !client          ? tr("The connection profile has no Smile ID section.")
                            : user.isEmpty() ? tr("No Smile ID user id is linked.")
                                             : tr("No enrollment job id is known for this person (import "
                                                  "it in the smileid_job column).");
        setSection(kSmileIdJobs, SectionState::Unavailable, QJsonObject{{QStringLiteral("message"), why}});
        return;
    }
    setSection(kSmileIdJobs, SectionState::Loading, {});
    HttpReply* reply = client->jobStatus(user, m_subject.smileIdJob, m_history, m_imageLinks);
    track(kSmileIdJobs, reply);
    const QString job = m_subject.smileIdJob;
    connect(reply, &HttpReply::finished, this, [this, reply, job] {
        m_pending.remove(kSmileIdJobs);
        const HttpResult& r = reply->result();
        // The console only learns enrollment jobs (SmartSelfie registration, job_type 4); the answer
        // says which type the job really is.
        QJsonObject jobJson{{QStringLiteral("job_id"), job},
                            {QStringLiteral("job_type"), QStringLiteral("4")}};
        if (r.ok()) {
            const SmileIdJobStatus s = r.value.value<SmileIdJobStatus>();
            if (!s.jobType.isEmpty())
                jobJson.insert(QStringLiteral("job_type"), s.jobType);
            jobJson.insert(QStringLiteral("status"), s.toJson());
            setSection(kSmileIdJobs, SectionState::Ok,
                       QJsonObject{{QStringLiteral("jobs"), QJsonArray{jobJson}}});
        } else {
            QJsonObject content{{QStringLiteral("jobs"), QJsonArray{jobJson}}};
            if (r.error.providerCode == QLatin1String(SmileIdWire::kBadSignatureCode)) {
                m_securityWarning = true;
                content.insert(QStringLiteral("security_warning"), r.error.message());
            }
            setSection(kSmileIdJobs, SectionState::Error, content, r.error);
        }
        maybeFinish();
    });
}

void SubjectProfileService::loadSdkFinance()
{
    const QString user = m_subject.idAt(kSdkFinance);
    SdkFinanceClient* client = m_session ? m_session->client<SdkFinanceClient>() : nullptr;
    if (user.isEmpty() || !client) {
        setSection(kSdkFinance, SectionState::Unavailable,
                   QJsonObject{{QStringLiteral("message"),
                                !client ? tr("The connection profile has no SDK.Finance section.")
                                        : tr("No SDK.Finance user id is linked.")}});
        return;
    }
    setSection(kSdkFinance, SectionState::Loading, QJsonObject{{QStringLiteral("user_id"), user}});
    auto content = std::make_shared<QJsonObject>(QJsonObject{{QStringLiteral("user_id"), user}});
    auto failure = std::make_shared<ApiError>();
    const auto done = [this, content, failure] {
        if (m_pending.contains(kSdkRequests) || m_pending.contains(kSdkProfile))
            return;
        setSection(kSdkFinance, failure->isError() ? SectionState::Error : SectionState::Ok, *content,
                   *failure);
        maybeFinish();
    };

    loadSdkRequests(
        client, user, 0, std::make_shared<QJsonArray>(),
        [content, failure, done](const QJsonArray& found, const ApiError& error, const QString& note) {
            if (error.isError())
                *failure = error;
            else
                content->insert(QStringLiteral("pending_reset_requests"), found);
            if (!note.isEmpty())
                content->insert(QStringLiteral("requests_note"), note);
            done();
        });

    // SDK.Finance has no profile read in docs/architecture.md: find the profile through the search by e-mail.
    if (m_subject.email.isEmpty()) {
        content->insert(QStringLiteral("profile_status"), QStringLiteral("unknown"));
        content->insert(QStringLiteral("profile_note"),
                        tr("No e-mail address in the index to look the profile up by."));
        return;
    }
    HttpReply* profile = client->searchProfiles(m_subject.email, 0, 20);
    track(kSdkProfile, profile);
    connect(profile, &HttpReply::finished, this, [this, profile, user, content, failure, done] {
        m_pending.remove(kSdkProfile);
        const HttpResult& r = profile->result();
        if (!r.ok()) {
            *failure = r.error;
        } else {
            content->insert(QStringLiteral("profile_status"), QStringLiteral("not found"));
            for (const UserRecord& u : r.value.value<UserPage>().users) {
                if (u.id == user) {
                    content->insert(QStringLiteral("profile"), userJson(u));
                    content->insert(QStringLiteral("profile_status"), u.status);
                }
            }
        }
        done();
    });
}

void SubjectProfileService::loadSdkRequests(SdkFinanceClient* client, const QString& user, int page,
                                            const std::shared_ptr<QJsonArray>& found,
                                            const SdkRequestsDone& finished)
{
    // SDK.Finance lists pending requests of every user, a page at a time: the user's are looked for
    // in each page, up to kSdkRequestPages pages.
    constexpr int kPageSize = 1000; // the largest page SDK.Finance serves
    constexpr int kSdkRequestPages = 20;
    HttpReply* requests = client->resetRequests(QStringLiteral("PENDING"), page, kPageSize);
    track(kSdkRequests, requests);
    connect(requests, &HttpReply::finished, this, [this, client, requests, user, page, found, finished] {
        const HttpResult& r = requests->result();
        if (!r.ok()) {
            m_pending.remove(kSdkRequests);
            finished(*found, r.error, QString());
            return;
        }
        const ResetRequestPage result = r.value.value<ResetRequestPage>();
        for (const ResetRequest& q : result.records) {
            if (q.userId != user)
                continue;
            found->append(QJsonObject{{QStringLiteral("id"), q.id},
                                      {QStringLiteral("status"), q.status},
                                      {QStringLiteral("createdAt"), q.createdAtText},
                                      {QStringLiteral("comment"), q.comment}});
        }
        const bool more = !result.records.isEmpty() && page + 1 < result.totalPages;
        if (more && page + 1 < kSdkRequestPages) {
            loadSdkRequests(client, user, page + 1, found, finished); // takes over kSdkRequests
            return;
        }
        m_pending.remove(kSdkRequests);
        finished(*found, ApiError(),
                 more ? tr("Only the first %L1 of %L2 pending requests at SDK.Finance were searched for "
                           "this user; the Pending resets tab lists them all.")
                            .arg(qint64(kSdkRequestPages) * kPageSize)
                            .arg(result.totalRecords)
                      : QString());
    });
}

void SubjectProfileService::loadTrustSwiftly()
{
    const QString user = m_subject.idAt(kTrustSwiftly);
    TrustSwiftlyClient* client = m_session ? m_session->client<TrustSwiftlyClient>() : nullptr;
    if (user.isEmpty() || !client) {
        setSection(kTrustSwiftly, SectionState::Unavailable,
                   QJsonObject{{QStringLiteral("message"),
                                !client ? tr("The connection profile has no Trust Swiftly section.")
                                        : tr("No Trust Swiftly user id is linked.")}});
        return;
    }
    setSection(kTrustSwiftly, SectionState::Loading, QJsonObject{{QStringLiteral("user_id"), user}});
    HttpReply* reply = client->user(user);
    track(kTrustSwiftly, reply);
    connect(reply, &HttpReply::finished, this, [this, reply, user] {
        m_pending.remove(kTrustSwiftly);
        const HttpResult& r = reply->result();
        if (r.ok()) {
            setSection(kTrustSwiftly, SectionState::Ok,
                       QJsonObject{{QStringLiteral("user_id"), user},
                                   {QStringLiteral("user"), userJson(r.value.value<UserRecord>())}});
        } else {
            setSection(kTrustSwiftly, SectionState::Error, QJsonObject{{QStringLiteral("user_id"), user}},
                       r.error);
        }
        maybeFinish();
    });
}
