// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlyProfileSections.h"

#include "TrustSwiftlyClient.h"
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
    service.setSection(kSection, State::Loading, QJsonObject{{QStringLiteral("user_id"), user}});
    const auto reply = client->user(user);
    service.track(kSection, reply);
    QObject::connect(reply, &HttpReply::finished, &service, [&service, reply, user] {
        service.untrack(kSection);
        const HttpResult& r = reply->result();
        if (r.ok()) {
            service.setSection(kSection, State::Ok,
                               QJsonObject{{QStringLiteral("user_id"), user},
                                           {QStringLiteral("user"), reply.value().toJson()}});
        } else {
            service.setSection(kSection, State::Error, QJsonObject{{QStringLiteral("user_id"), user}},
                               r.error);
        }
        service.maybeFinish();
    });
}
