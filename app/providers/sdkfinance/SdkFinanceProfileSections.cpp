// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinanceProfileSections.h"

#include "SdkFinanceClient.h"
#include "SdkFinanceProfileSection.h"
#include "domain/ResetRequestPage.h"
#include "domain/UserRecord.h"
#include "net/HttpReply.h"
#include "services/Session.h"
#include "services/SubjectProfileService.h"

#include <QCoreApplication>

namespace {
const QString kSection = QStringLiteral("sdkfinance");
// The requests in flight inside the section.
const QString kRequests = QStringLiteral("sdkfinance.requests");
const QString kProfile = QStringLiteral("sdkfinance.profile");
using State = SubjectProfileService::SectionState;
} // namespace

void SdkFinanceProfileSections::load(SubjectProfileService& service)
{
    SdkFinanceClient* client = service.session() ? service.session()->client<SdkFinanceClient>() : nullptr;
    const QString user = service.userOrUnavailable(kSection, client);
    if (user.isEmpty())
        return;
    auto content = std::make_shared<SdkFinanceProfileSection>();
    content->userId = user;
    service.setSection(kSection, State::Loading, std::make_shared<SdkFinanceProfileSection>(*content));
    auto failure = std::make_shared<ApiError>();
    const auto done = [&service, content, failure] {
        if (service.isTracked(kRequests) || service.isTracked(kProfile))
            return;
        service.setSection(kSection, failure->isError() ? State::Error : State::Ok, content, *failure);
        service.maybeFinish();
    };

    loadRequests(service, client, user, 0, std::make_shared<QList<ResetRequest>>(),
                 [content, failure, done](const QList<ResetRequest>& found, const ApiError& error,
                                          const QString& note) {
                     if (error.isError())
                         *failure = error;
                     else
                         content->pendingRequests = found;
                     content->requestsNote = note;
                     done();
                 });

    // SDK.Finance has no profile read in docs/architecture.md: find the profile through the search by e-mail.
    if (service.subject().email.isEmpty()) {
        content->profileStatus = QStringLiteral("unknown");
        content->profileNote = QCoreApplication::translate(
            "SubjectProfileService", "No e-mail address in the index to look the profile up by.");
        return;
    }
    const auto profile = client->searchProfiles(service.subject().email, 0, 20);
    service.track(kProfile, profile);
    QObject::connect(profile, &HttpReply::finished, &service,
                     [&service, profile, user, content, failure, done] {
                         service.untrack(kProfile);
                         const HttpResult& r = profile->result();
                         if (!r.ok()) {
                             *failure = r.error;
                         } else {
                             content->profileStatus = QStringLiteral("not found");
                             for (const UserRecord& u : profile.value().users) {
                                 if (u.id == user) {
                                     content->profile = u;
                                     content->profileStatus = u.status;
                                 }
                             }
                         }
                         done();
                     });
}

void SdkFinanceProfileSections::loadRequests(SubjectProfileService& service, SdkFinanceClient* client,
                                             const QString& user, int page,
                                             const std::shared_ptr<QList<ResetRequest>>& found,
                                             const RequestsDone& finished)
{
    // SDK.Finance lists pending requests of every user, a page at a time: the user's are looked for
    // in each page, up to kSdkRequestPages pages.
    constexpr int kPageSize = 1000; // the largest page SDK.Finance serves
    constexpr int kSdkRequestPages = 20;
    const auto requests = client->resetRequests(QStringLiteral("PENDING"), page, kPageSize);
    service.track(kRequests, requests);
    QObject::connect(
        requests, &HttpReply::finished, &service, [&service, client, requests, user, page, found, finished] {
            const HttpResult& r = requests->result();
            if (!r.ok()) {
                service.untrack(kRequests);
                finished(*found, r.error, QString());
                return;
            }
            const ResetRequestPage result = requests.value();
            for (const ResetRequest& q : result.records) {
                if (q.userId != user)
                    continue;
                found->append(q);
            }
            const bool more = !result.records.isEmpty() && page + 1 < result.totalPages;
            if (more && page + 1 < kSdkRequestPages) {
                loadRequests(service, client, user, page + 1, found, finished); // takes over kRequests
                return;
            }
            service.untrack(kRequests);
            finished(*found, ApiError(),
                     more ? QCoreApplication::translate(
                                "SubjectProfileService",
                                "Only the first %L1 of %L2 pending requests at SDK.Finance were searched for "
                                "this user; the Pending resets tab lists them all.")
                                .arg(qint64(kSdkRequestPages) * kPageSize)
                                .arg(result.totalRecords)
                          : QString());
        });
}
