// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlyProfileSections.h"

#include "TrustSwiftlyClient.h"
#include "TrustSwiftlyProfileSection.h"
#include "domain/UserRecord.h"
#include "net/HttpReply.h"
#include "services/Session.h"
#include "services/SubjectProfileService.h"

namespace {
const QString kSection = QStringLiteral("trustswiftly");
using State = SubjectProfileService::SectionState;
} // namespace

void TrustSwiftlyProfileSections::load(SubjectProfileService& service)
{
    TrustSwiftlyClient* client =
        service.session() ? service.session()->client<TrustSwiftlyClient>() : nullptr;
    const QString user = service.userOrUnavailable(kSection, client);
    if (user.isEmpty())
        return;
    const auto section = [user] {
        auto s = std::make_shared<TrustSwiftlyProfileSection>();
        s->userId = user;
        return s;
    };
    service.setSection(kSection, State::Loading, section());
    const auto reply = client->user(user);
    service.track(kSection, reply);
    QObject::connect(reply, &HttpReply::finished, &service, [&service, reply, section] {
        service.untrack(kSection);
        const HttpResult& r = reply->result();
        auto content = section();
        if (r.ok()) {
            content->user = reply.value();
            service.setSection(kSection, State::Ok, std::move(content));
        } else {
            service.setSection(kSection, State::Error, std::move(content), r.error);
        }
        service.maybeFinish();
    });
}
