// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmartIdSectionView.h"

#include "providers/smartid/SmartIdProfileSection.h"
#include "subjects/ProfileHtml.h"
#include "subjects/ProfileSectionBox.h"

QList<QPair<QString, QString>> SmartIdSectionView::titles() const
{
    return {{QStringLiteral("smartid"), tr("SmartID — enrollment")}};
}

void SmartIdSectionView::render(const QString& key, const ProfileSection* content, ProfileSectionBox* box)
{
    Q_UNUSED(key)
    const auto* c = dynamic_cast<const SmartIdProfileSection*>(content);
    if (!c)
        return;
    using ProfileHtml::line;
    QString html = line(tr("User"), c->user);
    html += line(tr("Enrollment"), c->enrolled ? QStringLiteral("enrolled") : QStringLiteral("unenrolled"));
    html += QStringLiteral("<i>%1</i>").arg(SmartIdProfileSection::sourceLabel().toHtmlEscaped());
    box->setBody(html);
}
