// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlyProfileSection.h"

namespace {
const QString kCurrent = QStringLiteral("current_workflow_id");
const QString kReverify = QStringLiteral("re_verify_workflow_id");
} // namespace

QString TrustSwiftlyProfileSection::currentWorkflow() const
{
    return user ? user->attributes.value(kCurrent).toString() : QString();
}

QString TrustSwiftlyProfileSection::reverifyWorkflow() const
{
    return user ? user->attributes.value(kReverify).toString() : QString();
}

bool TrustSwiftlyProfileSection::hasReverifyField() const
{
    return user && user->attributes.contains(kReverify);
}

QJsonObject TrustSwiftlyProfileSection::toJson() const
{
    QJsonObject o{{QStringLiteral("user_id"), userId}};
    if (user)
        o.insert(QStringLiteral("user"), user->toJson());
    return o;
}
