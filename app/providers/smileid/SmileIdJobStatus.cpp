// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdJobStatus.h"

#include <QCoreApplication>

QString SmileIdJobStatus::stateText() const
{
    if (!jobComplete)
        return QCoreApplication::translate("SmileIdJobStatus", "pending");
    return jobSuccess ? QCoreApplication::translate("SmileIdJobStatus", "complete, success")
                      : QCoreApplication::translate("SmileIdJobStatus", "complete, failed");
}

QJsonObject SmileIdJobStatus::toJson() const
{
    QJsonObject o{{QStringLiteral("signature_verified"), signatureVerified()},
                  {QStringLiteral("signature"), signature == Signature::Valid ? QStringLiteral("valid")
                                                : signature == Signature::Missing
                                                    ? QStringLiteral("missing")
                                                    : QStringLiteral("invalid")},
                  {QStringLiteral("timestamp"), timestamp},
                  {QStringLiteral("job_complete"), jobComplete},
                  {QStringLiteral("job_success"), jobSuccess},
                  {QStringLiteral("code"), code},
                  {QStringLiteral("state"), stateText()}};
    if (hasResult) {
        o.insert(QStringLiteral("result"),
                 QJsonObject{
                     {QStringLiteral("ResultCode"), resultCode},
                     {QStringLiteral("ResultText"), resultText},
                     {QStringLiteral("ResultType"), resultType},
                     {QStringLiteral("SmileJobID"), smileJobId},
                     {QStringLiteral("PartnerParams"), QJsonObject{{QStringLiteral("job_id"), partnerJobId},
                                                                   {QStringLiteral("user_id"), partnerUserId},
                                                                   {QStringLiteral("job_type"), jobType}}},
                     {QStringLiteral("ConfidenceValue"), confidenceValue},
                     {QStringLiteral("IsFinalResult"), isFinalResult}});
    }
    if (!history.isEmpty())
        o.insert(QStringLiteral("history"), history);
    if (!imageLinks.isEmpty())
        o.insert(QStringLiteral("image_links"), imageLinks);
    return o;
}
