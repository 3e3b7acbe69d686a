// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinanceSectionView.h"

#include "domain/DisplayTime.h"

#include "subjects/ProfileHtml.h"
#include "subjects/ProfileSectionBox.h"

#include <QJsonArray>

QList<QPair<QString, QString>> SdkFinanceSectionView::titles() const
{
    return {{QStringLiteral("sdkfinance"), tr("SDK.Finance — profile and reset requests")}};
}

void SdkFinanceSectionView::render(const QString& key, const QJsonObject& c, ProfileSectionBox* box)
{
    Q_UNUSED(key)
    using ProfileHtml::line;
    QString html = line(tr("User id"), c.value(QStringLiteral("user_id")).toString());
    html += line(tr("Profile status"), c.value(QStringLiteral("profile_status")).toString());
    if (c.contains(QStringLiteral("profile_note")))
        html += ProfileHtml::note(c.value(QStringLiteral("profile_note")).toString());
    if (c.contains(QStringLiteral("requests_note")))
        html += ProfileHtml::note(c.value(QStringLiteral("requests_note")).toString());
    box->setBody(html);
    QList<QStringList> rows;
    for (const QJsonValue& v : c.value(QStringLiteral("pending_reset_requests")).toArray()) {
        const QJsonObject r = v.toObject();
        rows << QStringList{r.value(QStringLiteral("id")).toString(),
                            r.value(QStringLiteral("status")).toString(),
                            DisplayTime::formatIso(r.value(QStringLiteral("createdAt")).toString()),
                            r.value(QStringLiteral("comment")).toString()};
    }
    if (!rows.isEmpty())
        box->setBody(ProfileHtml::badges({tr("RESET PENDING")}) + html);
    box->setTable({tr("Request"), tr("Status"), tr("Created"), tr("Comment")}, rows, QString());
    if (rows.isEmpty())
        box->setBody(html + tr("No pending reset-identification request.").toHtmlEscaped());
}
