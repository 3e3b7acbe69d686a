// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdJobsSection.h"

QStringList SmileIdJobsSection::imageLinks() const
{
    return status ? status->imageUrls : QStringList();
}

QJsonObject SmileIdJobsSection::toJson() const
{
    QJsonObject job{{QStringLiteral("job_id"), jobId}, {QStringLiteral("job_type"), jobType}};
    if (status)
        job.insert(QStringLiteral("status"), status->toJson());
    QJsonObject o{{QStringLiteral("jobs"), QJsonArray{job}}};
    if (!securityWarning.isEmpty())
        o.insert(QStringLiteral("security_warning"), securityWarning);
    return o;
}
