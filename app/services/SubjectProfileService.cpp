// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectProfileService.h"

#include "ApprovalsSection.h"
#include "AuditHistorySection.h"
#include "ProfileNotice.h"
#include "Session.h"
#include "SubjectSection.h"
#include "domain/ResetRequestPage.h"
#include "domain/UserRecord.h"
#include "net/HttpReply.h"
#include "providers/ProviderRegistry.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QTimer>
#include <algorithm>

namespace {
const QString kSubject = QStringLiteral("subject");
const QString kAudit = QStringLiteral("audit");
const QString kApprovals = QStringLiteral("approvals");

} // namespace

QStringList SubjectProfileService::sections()
{
    QStringList keys{kSubject};
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        keys << module->profileSections();
    return keys << kAudit << kApprovals;
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

void SubjectProfileService::setSection(const QString& section, SectionState state, ProfileSectionPtr content,
                                       const ApiError& error)
{
    m_states.insert(section, state);
    m_errors.insert(section, error);
    m_contents.insert(section, std::move(content));
    emit sectionChanged(section, state);
}

QJsonObject SubjectProfileService::document() const
{
    QJsonObject document;
    for (auto it = m_states.cbegin(); it != m_states.cend(); ++it) {
        const ProfileSectionPtr content = m_contents.value(it.key());
        QJsonObject json = content ? content->toJson() : QJsonObject();
        json.insert(QStringLiteral("status"), stateName(it.value()));
        if (const ApiError error = m_errors.value(it.key()); error.isError())
            json.insert(QStringLiteral("error"), error.message());
        document.insert(it.key(), json);
    }
    return document;
}

void SubjectProfileService::setUnavailable(const QString& section, const QString& why)
{
    setSection(section, SectionState::Unavailable, std::make_shared<ProfileNotice>(why));
}

void SubjectProfileService::track(const QString& part, HttpReply* reply)
{
    m_pending.insert(part, reply);
}

QString SubjectProfileService::userOrUnavailable(const QString& provider, const QObject* client)
{
    const QString user = m_subject.idAt(provider);
    if (!user.isEmpty() && client)
        return user;
    const QString name = ProviderRegistry::instance().displayName(provider);
    setUnavailable(provider, !client ? tr("The connection profile has no %1 section.").arg(name)
                                     : tr("No %1 user id is linked.").arg(name));
    return QString();
}

const QList<AuditEntry>* SubjectProfileService::linkedHistory(const QString& provider, QString* user)
{
    if (m_historyError.isError()) {
        setSection(provider, SectionState::Error, {}, m_historyError);
        return nullptr;
    }
    *user = m_subject.idAt(provider);
    if (user->isEmpty()) {
        setUnavailable(
            provider, tr("No %1 user id is linked.").arg(ProviderRegistry::instance().displayName(provider)));
        return nullptr;
    }
    return &m_history;
}

void SubjectProfileService::load(const QString& idIn, const QString& providerIn,
                                 const QMap<QString, QString>& knownIds)
{
    cancel();
    const quint64 generation = m_generation;
    m_contents.clear();
    m_states.clear();
    m_errors.clear();
    m_problem.clear();
    m_securityWarning = false;
    m_history.clear();
    m_historyError = ApiError();
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

    setSection(kSubject, SectionState::Ok, std::make_shared<SubjectSection>(m_subject));
    loadLocal();
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        module->loadProfileSections(*this);
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
        m_historyError = e;
        setSection(kAudit, SectionState::Error, {}, e);
    } else {
        m_history = entries.values();
        auto history = std::make_shared<AuditHistorySection>();
        history->entries = m_history;
        setSection(kAudit, SectionState::Ok, std::move(history));
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
        auto approvals = std::make_shared<ApprovalsSection>();
        for (const ActionRecord& a : *waiting) {
            if (m_subject.idAt(a.request.provider) == a.request.userId)
                approvals->pending << a;
        }
        setSection(kApprovals, SectionState::Ok, std::move(approvals));
    }
}
