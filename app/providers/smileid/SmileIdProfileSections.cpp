// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdProfileSections.h"

#include "SmileIdClient.h"
#include "SmileIdJobStatus.h"
#include "SmileIdWire.h"
#include "net/HttpReply.h"
#include "services/Session.h"
#include "services/SubjectProfileService.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace {
const QString kFlags = QStringLiteral("smileid");
const QString kJobs = QStringLiteral("smileid_jobs");
using State = SubjectProfileService::SectionState;
} // namespace

QStringList SmileIdProfileSections::keys()
{
    return {kFlags, kJobs};
}

void SmileIdProfileSections::load(SubjectProfileService& service)
{
    loadFlags(service);
    loadJobs(service);
}

void SmileIdProfileSections::loadFlags(SubjectProfileService& service)
{
    // Smile ID has no read API: its flags are what the audit log last recorded as applied.
    QString user;
    const QList<AuditEntry>* history = service.linkedHistory(kFlags, &user);
    if (!history)
        return;
    QJsonObject flags;
    QString asOf;
    for (const AuditEntry& e : *history) {
        if (e.provider != kFlags || !e.tookEffect())
            continue;
        for (auto it = e.after.constBegin(); it != e.after.constEnd(); ++it)
            flags.insert(it.key(), it.value());
        asOf = AuditEntry::formatTime(e.time);
    }
    service.setSection(
        kFlags, State::Ok,
        QJsonObject{{QStringLiteral("user_id"), user},
                    {QStringLiteral("source"), QStringLiteral("audit-log")},
                    {QStringLiteral("label"),
                     QCoreApplication::translate("SubjectProfileService", "last known, from the audit log")},
                    {QStringLiteral("flags"), flags},
                    {QStringLiteral("as_of"), asOf}});
}

void SmileIdProfileSections::loadJobs(SubjectProfileService& service)
{
    const Subject& subject = service.subject();
    const QString user = subject.idAt(kFlags);
    SmileIdClient* client = service.session() ? service.session()->client<SmileIdClient>() : nullptr;
    if (user.isEmpty() || subject.smileIdJob.isEmpty() || !client) {
        const QString why =
            !client ? QCoreApplication::translate("SubjectProfileService",
                                                  "The connection profile has no Smile ID section.")
            : user.isEmpty()
                ? QCoreApplication::translate("SubjectProfileService", "No Smile ID user id is linked.")
                : QCoreApplication::translate("SubjectProfileService",
                                              "No enrollment job id is known for this person (import "
                                              "it in the smileid_job column).");
        service.setSection(kJobs, State::Unavailable, QJsonObject{{QStringLiteral("message"), why}});
        return;
    }
    service.setSection(kJobs, State::Loading, {});
    const auto reply =
        client->jobStatus(user, subject.smileIdJob, service.wantsHistory(), service.wantsImageLinks());
    service.track(kJobs, reply);
    const QString job = subject.smileIdJob;
    QObject::connect(reply, &HttpReply::finished, &service, [&service, reply, job] {
        service.untrack(kJobs);
        const HttpResult& r = reply->result();
        // The console only learns enrollment jobs (SmartSelfie registration, job_type 4); the answer
        // says which type the job really is.
        QJsonObject jobJson{{QStringLiteral("job_id"), job},
                            {QStringLiteral("job_type"), QStringLiteral("4")}};
        if (r.ok()) {
            const SmileIdJobStatus s = reply.value();
            if (!s.jobType.isEmpty())
                jobJson.insert(QStringLiteral("job_type"), s.jobType);
            jobJson.insert(QStringLiteral("status"), s.toJson());
            service.setSection(kJobs, State::Ok, QJsonObject{{QStringLiteral("jobs"), QJsonArray{jobJson}}});
        } else {
            QJsonObject content{{QStringLiteral("jobs"), QJsonArray{jobJson}}};
            if (r.error.providerCode == QLatin1String(SmileIdWire::kBadSignatureCode)) {
                service.markSecurityWarning();
                content.insert(QStringLiteral("security_warning"), r.error.message());
            }
            service.setSection(kJobs, State::Error, content, r.error);
        }
        service.maybeFinish();
    });
}
