// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinanceSectionView.h"

#include "domain/DisplayTime.h"
#include "providers/sdkfinance/SdkFinanceProfileSection.h"
#include "subjects/ProfileHtml.h"
#include "subjects/ProfileSectionBox.h"

QList<QPair<QString, QString>> SdkFinanceSectionView::titles() const
{
    return {{QStringLiteral("sdkfinance"), tr("SDK.Finance — profile and reset requests")}};
}

void SdkFinanceSectionView::render(const QString& key, const ProfileSection* content, ProfileSectionBox* box)
{
    Q_UNUSED(key)
    const auto* c = dynamic_cast<const SdkFinanceProfileSection*>(content);
    if (!c)
        return;
    using ProfileHtml::line;
    QString html = line(tr("User id"), c->userId);
    html += line(tr("Profile status"), c->profileStatus.value_or(QString()));
    if (!c->profileNote.isEmpty())
        html += ProfileHtml::note(c->profileNote);
    if (!c->requestsNote.isEmpty())
        html += ProfileHtml::note(c->requestsNote);
    box->setBody(html);
    QList<QStringList> rows;
    for (const ResetRequest& r : c->pendingRequests.value_or(QList<ResetRequest>()))
        rows << QStringList{r.id, r.status, DisplayTime::formatIso(r.createdAtText), r.comment};
    if (!rows.isEmpty())
        box->setBody(ProfileHtml::badges({tr("RESET PENDING")}) + html);
    box->setTable({tr("Request"), tr("Status"), tr("Created"), tr("Comment")}, rows, QString());
    if (rows.isEmpty())
        box->setBody(html + tr("No pending reset-identification request.").toHtmlEscaped());
}
