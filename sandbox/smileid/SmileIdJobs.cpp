// SPDX-License-Identifier: GPL-3.0-or-later
#include "smileid/SmileIdJobs.h"

#include <QRegularExpression>

namespace {
QJsonObject resultObject(const QString& code, const QString& text, const QString& jobId,
                         const QString& userId, quint32 id, const QString& confidence, bool final)
{
    return QJsonObject{
        {QStringLiteral("ResultCode"), code},
        {QStringLiteral("ResultText"), text},
        {QStringLiteral("ResultType"), QStringLiteral("SAIA")},
        {QStringLiteral("SmileJobID"), QStringLiteral("%1").arg(id, 10, 10, QLatin1Char('0'))},
        {QStringLiteral("PartnerParams"), QJsonObject{{QStringLiteral("job_id"), jobId},
                                                      {QStringLiteral("user_id"), userId},
                                                      {QStringLiteral("job_type"), 4}}},
        {QStringLiteral("ConfidenceValue"), confidence},
        {QStringLiteral("IsFinalResult"), final ? QStringLiteral("true") : QStringLiteral("false")},
    };
}
} // namespace

QString SmileIdJobs::jobIdFor(quint32 populationId)
{
    return QStringLiteral("JOB-%1").arg(populationId, 6, 10, QLatin1Char('0'));
}

quint32 SmileIdJobs::populationIdOf(const QString& jobId)
{
    static const QRegularExpression pattern(QStringLiteral("^JOB-([0-9]{6,7})$"));
    const QRegularExpressionMatch match = pattern.match(jobId);
    if (!match.hasMatch())
        return 0;
    const quint32 id = match.captured(1).toUInt();
    return jobIdFor(id) == jobId ? id : 0;
}

SmileIdJobs::State SmileIdJobs::stateOf(quint32 populationId)
{
    const quint32 roll = populationId % 10;
    return roll <= 5 ? State::Success : roll <= 7 ? State::Pending : State::Failed;
}

QJsonObject SmileIdJobs::answer(quint32 id, const QString& userId, bool history, bool imageLinks,
                                const QUrl& baseUrl)
{
    const QString jobId = jobIdFor(id);
    const State state = stateOf(id);
    QJsonObject o;
    o.insert(QStringLiteral("job_complete"), state != State::Pending);
    o.insert(QStringLiteral("job_success"), state == State::Success);
    o.insert(QStringLiteral("code"),
             state == State::Pending ? QStringLiteral("2314") : QStringLiteral("2302"));
    const QJsonObject provisional =
        resultObject(QStringLiteral("0812"), QStringLiteral("Provisional Enroll - Under Review"), jobId,
                     userId, id, QStringLiteral("78"), false);
    if (state == State::Success)
        o.insert(QStringLiteral("result"), resultObject(QStringLiteral("0810"), QStringLiteral("Enroll User"),
                                                        jobId, userId, id, QStringLiteral("99.2"), true));
    else if (state == State::Failed)
        o.insert(QStringLiteral("result"),
                 resultObject(QStringLiteral("0811"), QStringLiteral("Failed Enroll"), jobId, userId, id,
                              QStringLiteral("12.5"), true));
    else
        o.insert(QStringLiteral("result"), provisional);
    if (history) {
        QJsonArray list{provisional};
        if (state != State::Pending)
            list.append(o.value(QStringLiteral("result")));
        o.insert(QStringLiteral("history"), list);
    }
    if (imageLinks) {
        QUrl selfie = baseUrl;
        selfie.setPath(baseUrl.path() + QStringLiteral("/images/%1/selfie.png").arg(jobId));
        QUrl liveness = baseUrl;
        liveness.setPath(baseUrl.path() + QStringLiteral("/images/%1/liveness_1.png").arg(jobId));
        o.insert(QStringLiteral("image_links"),
                 QJsonObject{{QStringLiteral("selfie_image"), selfie.toString()},
                             {QStringLiteral("liveness_images"), QJsonArray{liveness.toString()}}});
    }
    return o;
}
