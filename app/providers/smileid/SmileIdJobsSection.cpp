// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdJobsSection.h"

QStringList SmileIdJobsSection::imageLinks() const
{
    QStringList links;
    if (!status)
        return links;
    const QJsonObject images = status->imageLinks;
    if (images.value(QStringLiteral("selfie_image")).isString())
        links << images.value(QStringLiteral("selfie_image")).toString();
    for (const QJsonValue& link : images.value(QStringLiteral("liveness_images")).toArray())
        links << link.toString();
    return links;
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
