// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectSection.h"

#include "providers/ProviderRegistry.h"

QJsonObject SubjectSection::toJson() const
{
    QJsonObject ids;
    for (auto it = subject.ids.cbegin(); it != subject.ids.cend(); ++it)
        ids.insert(it.key(), it.value());
    QJsonObject o{{QStringLiteral("reference"), subject.reference},
                  {QStringLiteral("linked"), !subject.reference.isEmpty()},
                  {QStringLiteral("email"), subject.email},
                  {QStringLiteral("ids"), ids}};
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        const QJsonObject extra = module->subjectFields(subject);
        for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
            o.insert(it.key(), it.value());
    }
    return o;
}
