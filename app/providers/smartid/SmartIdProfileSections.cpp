// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdProfileSections.h"

#include "SmartIdWire.h"
#include "services/SubjectProfileService.h"

#include <QCoreApplication>

void SmartIdProfileSections::load(SubjectProfileService& service)
{
    using State = SubjectProfileService::SectionState;
    const QString key = QString::fromLatin1(SmartIdWire::kProviderKey);
    // Enrollment is known only from the index and our own un-enroll actions.
    QString user;
    const QList<AuditEntry>* history = service.linkedHistory(key, &user);
    if (!history)
        return;
    QString enrollment = QStringLiteral("enrolled");
    QString asOf;
    for (const AuditEntry& e : *history) {
        if (e.provider == key && e.tookEffect() && e.action.contains(QLatin1String("unenroll"))) {
            enrollment = QStringLiteral("unenrolled");
            asOf = AuditEntry::formatTime(e.time);
        }
    }
    service.setSection(
        key, State::Ok,
        QJsonObject{{QStringLiteral("user"), user},
                    {QStringLiteral("enrollment"), enrollment},
                    {QStringLiteral("source"), QStringLiteral("index-and-audit-log")},
                    {QStringLiteral("label"),
                     QCoreApplication::translate("SubjectProfileService",
                                                 "known only from the index and the audit log")},
                    {QStringLiteral("as_of"), asOf}});
}
