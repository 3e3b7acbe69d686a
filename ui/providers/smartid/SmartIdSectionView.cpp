// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdSectionView.h"

#include "subjects/ProfileHtml.h"
#include "subjects/ProfileSectionBox.h"

QList<QPair<QString, QString>> SmartIdSectionView::titles() const
{
    return {{QStringLiteral("smartid"), tr("SmartID — enrollment")}};
}

void SmartIdSectionView::render(const QString& key, const QJsonObject& c, ProfileSectionBox* box)
{
    Q_UNUSED(key)
    using ProfileHtml::line;
    QString html = line(tr("User"), c.value(QStringLiteral("user")).toString());
    html += line(tr("Enrollment"), c.value(QStringLiteral("enrollment")).toString());
    html += QStringLiteral("<i>%1</i>").arg(c.value(QStringLiteral("label")).toString().toHtmlEscaped());
    box->setBody(html);
}
