// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdProfileSections.h"

#include "SmartIdProfileSection.h"
#include "SmartIdWire.h"
#include "services/SubjectProfileService.h"

void SmartIdProfileSections::load(SubjectProfileService& service)
{
    using State = SubjectProfileService::SectionState;
    const QString key = QString::fromLatin1(SmartIdWire::kProviderKey);
    // Enrollment is known only from the index and our own un-enroll actions.
    QString user;
    const QList<AuditEntry>* history = service.linkedHistory(key, &user);
    if (!history)
        return;
    auto section = std::make_shared<SmartIdProfileSection>();
    section->user = user;
    for (const AuditEntry& e : *history) {
        if (e.provider == key && e.tookEffect() && e.action.contains(QLatin1String("unenroll"))) {
            section->enrolled = false;
            section->asOf = AuditEntry::formatTime(e.time);
        }
    }
    service.setSection(key, State::Ok, std::move(section));
}
