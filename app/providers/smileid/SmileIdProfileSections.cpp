// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdProfileSections.h"

#include "SmileIdClient.h"
#include "SmileIdFlagsSection.h"
#include "SmileIdJobStatus.h"
#include "SmileIdJobsSection.h"
#include "SmileIdModule.h"
#include "SmileIdWire.h"
#include "net/HttpReply.h"
#include "services/Session.h"
#include "services/SubjectProfileService.h"

#include <QCoreApplication>

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
    auto section = std::make_shared<SmileIdFlagsSection>();
    section->userId = user;
    for (const AuditEntry& e : *history) {
        if (e.provider != kFlags || !e.tookEffect())
            continue;
        for (auto it = e.after.constBegin(); it != e.after.constEnd(); ++it)
            section->flags.insert(it.key(), it.value().toBool());
        section->asOf = AuditEntry::formatTime(e.time);
    }
    service.setSection(kFlags, State::Ok, std::move(section));
}

void SmileIdProfileSections::loadJobs(SubjectProfileService& service)
{
    const Subject& subject = service.subject();
    const QString user = subject.idAt(kFlags);
    const QString job = subject.attributes.value(SmileIdModule::jobColumn());
    SmileIdClient* client = service.session() ? service.session()->client<SmileIdClient>() : nullptr;
    if (user.isEmpty() || job.isEmpty() || !client) {
        const QString why =
            !client ? QCoreApplication::translate("SubjectProfileService",
                                                  "The connection profile has no Smile ID section.")
            : user.isEmpty()
                ? QCoreApplication::translate("SubjectProfileService", "No Smile ID user id is linked.")
                : QCoreApplication::translate("SubjectProfileService",
                                              "No enrollment job id is known for this person (import "
                                              "it in the smileid_job column).");
        service.setUnavailable(kJobs, why);
        return;
    }
    service.setSection(kJobs, State::Loading, {});
    const auto reply = client->jobStatus(user, job, service.wantsHistory(), service.wantsImageLinks());
    service.track(kJobs, reply);
    QObject::connect(reply, &HttpReply::finished, &service, [&service, reply, job] {
        service.untrack(kJobs);
        const HttpResult& r = reply->result();
        // The console only learns enrollment jobs (SmartSelfie registration, job_type 4); the answer
        // says which type the job really is.
        auto content = std::make_shared<SmileIdJobsSection>();
        content->jobId = job;
        if (r.ok()) {
            content->status = reply.value();
            if (!content->status->jobType.isEmpty())
                content->jobType = content->status->jobType;
            service.setSection(kJobs, State::Ok, std::move(content));
        } else {
            if (r.error.providerCode == QLatin1String(SmileIdWire::kBadSignatureCode)) {
                service.markSecurityWarning();
                content->securityWarning = r.error.message();
            }
            service.setSection(kJobs, State::Error, std::move(content), r.error);
        }
        service.maybeFinish();
    });
}
