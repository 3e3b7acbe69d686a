// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlyProfileSections.h"

#include "TrustSwiftlyClient.h"
#include "domain/UserRecord.h"
#include "net/HttpReply.h"
#include "services/Session.h"
#include "services/SubjectProfileService.h"

#include <QCoreApplication>

namespace {
const QString kSection = QStringLiteral("trustswiftly");
using State = SubjectProfileService::SectionState;
} // namespace

void TrustSwiftlyProfileSections::load(SubjectProfileService& service)
{
    const QString user = service.subject().idAt(kSection);
    TrustSwiftlyClient* client =
        service.session() ? service.session()->client<TrustSwiftlyClient>() : nullptr;
    if (user.isEmpty() || !client) {
        service.setSection(
            kSection, State::Unavailable,
            QJsonObject{
                {QStringLiteral("message"),
                 !client ? QCoreApplication::translate("SubjectProfileService",
                                                       "The connection profile has no Trust Swiftly section.")
                         : QCoreApplication::translate("SubjectProfileService",
                                                       "No Trust Swiftly user id is linked.")}});
        return;
    }
    service.setSection(kSection, State::Loading, QJsonObject{{QStringLiteral("user_id"), user}});
    HttpReply* reply = client->user(user);
    service.track(kSection, reply);
    QObject::connect(reply, &HttpReply::finished, &service, [&service, reply, user] {
        service.untrack(kSection);
        const HttpResult& r = reply->result();
        if (r.ok()) {
            service.setSection(kSection, State::Ok,
                               QJsonObject{{QStringLiteral("user_id"), user},
                                           {QStringLiteral("user"), r.value.value<UserRecord>().toJson()}});
        } else {
            service.setSection(kSection, State::Error, QJsonObject{{QStringLiteral("user_id"), user}},
                               r.error);
        }
        service.maybeFinish();
    });
}
