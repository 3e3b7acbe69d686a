// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlySectionView.h"

#include "providers/trustswiftly/TrustSwiftlyProfileSection.h"
#include "subjects/ProfileHtml.h"
#include "subjects/ProfileSectionBox.h"

QList<QPair<QString, QString>> TrustSwiftlySectionView::titles() const
{
    return {{QStringLiteral("trustswiftly"), tr("Trust Swiftly — workflow and verification")}};
}

void TrustSwiftlySectionView::render(const QString& key, const ProfileSection* content,
                                     ProfileSectionBox* box)
{
    Q_UNUSED(key)
    const auto* c = dynamic_cast<const TrustSwiftlyProfileSection*>(content);
    if (!c)
        return;
    using ProfileHtml::line;
    QString html = line(tr("User id"), c->userId);
    html += line(tr("Name"), c->user ? c->user->displayName() : QString());
    html += line(tr("Verification status"), c->user ? c->user->status : QString());
    html += line(tr("Current workflow"), c->currentWorkflow());
    if (!c->reverifyWorkflow().isEmpty())
        html = ProfileHtml::badges({tr("RE-VERIFICATION ASSIGNED")}) + html;
    if (c->hasReverifyField())
        html += line(tr("Re-verification workflow"), c->reverifyWorkflow());
    box->setBody(html);
}
