// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlySectionView.h"

#include "subjects/ProfileHtml.h"
#include "subjects/ProfileSectionBox.h"

QList<QPair<QString, QString>> TrustSwiftlySectionView::titles() const
{
    return {{QStringLiteral("trustswiftly"), tr("Trust Swiftly — workflow and verification")}};
}

void TrustSwiftlySectionView::render(const QString& key, const QJsonObject& c, ProfileSectionBox* box)
{
    Q_UNUSED(key)
    using ProfileHtml::line;
    const QJsonObject u = c.value(QStringLiteral("user")).toObject();
    QString html = line(tr("User id"), c.value(QStringLiteral("user_id")).toString());
    html += line(tr("Name"), u.value(QStringLiteral("name")).toString());
    html += line(tr("Verification status"), u.value(QStringLiteral("status")).toString());
    html += line(tr("Current workflow"), u.value(QStringLiteral("current_workflow_id")).toString());
    if (!u.value(QStringLiteral("re_verify_workflow_id")).toString().isEmpty())
        html = ProfileHtml::badges({tr("RE-VERIFICATION ASSIGNED")}) + html;
    if (u.contains(QStringLiteral("re_verify_workflow_id")))
        html +=
            line(tr("Re-verification workflow"), u.value(QStringLiteral("re_verify_workflow_id")).toString());
    box->setBody(html);
}
