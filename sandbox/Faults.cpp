// SPDX-License-Identifier: GPL-3.0-or-later
#include "Faults.h"

#include <QStringList>

namespace {

std::optional<Faults> reject(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

bool parseRate(const QString& text, double* rate)
{
    bool ok = false;
    *rate = text.toDouble(&ok);
    return ok && *rate >= 0.0 && *rate <= 1.0;
}

} // namespace

bool Faults::isEmpty() const
{
    return latencyMs == 0 && errorRate == 0.0 && dropAfterProcessing == 0.0 && hang == 0.0 &&
           spikeRate == 0.0 && rateLimitPerMinute == 0;
}

QString Faults::toString() const
{
    QStringList parts;
    if (latencyMs > 0)
        parts << QStringLiteral("latency=%1").arg(latencyMs);
    if (errorRate > 0.0)
        parts << QStringLiteral("error-rate=%1").arg(errorRate);
    if (dropAfterProcessing > 0.0)
        parts << QStringLiteral("drop-after-processing=%1").arg(dropAfterProcessing);
    if (hang > 0.0)
        parts << QStringLiteral("hang=%1").arg(hang);
    if (spikeRate > 0.0)
        parts << QStringLiteral("spike=%1:%2").arg(spikeRate).arg(spikeMs);
    if (rateLimitPerMinute > 0)
        parts << QStringLiteral("rate-limit=%1/min").arg(rateLimitPerMinute);
    return parts.join(u',');
}

std::optional<Faults> Faults::parse(const QString& spec, QString* error)
{
    Faults faults;
    const QStringList items = spec.split(u',', Qt::SkipEmptyParts);
    for (const QString& rawItem : items) {
        const QString item = rawItem.trimmed();
        const qsizetype equals = item.indexOf(u'=');
        if (equals <= 0)
            return reject(error, QStringLiteral("fault '%1' is not of the form name=value").arg(item));
        const QString name = item.left(equals).trimmed();
        const QString value = item.mid(equals + 1).trimmed();
        bool ok = false;
        if (name == QLatin1String("latency")) {
            QString number = value;
            if (number.endsWith(QLatin1String("ms")))
                number.chop(2);
            faults.latencyMs = number.toInt(&ok);
            if (!ok || faults.latencyMs < 0 || faults.latencyMs > 600000)
                return reject(
                    error,
                    QStringLiteral("latency must be milliseconds between 0 and 600000, not '%1'").arg(value));
        } else if (name == QLatin1String("error-rate")) {
            if (!parseRate(value, &faults.errorRate))
                return reject(error,
                              QStringLiteral("error-rate must be between 0 and 1, not '%1'").arg(value));
        } else if (name == QLatin1String("drop-after-processing")) {
            if (!parseRate(value, &faults.dropAfterProcessing))
                return reject(
                    error,
                    QStringLiteral("drop-after-processing must be between 0 and 1, not '%1'").arg(value));
        } else if (name == QLatin1String("hang")) {
            if (!parseRate(value, &faults.hang))
                return reject(error, QStringLiteral("hang must be between 0 and 1, not '%1'").arg(value));
        } else if (name == QLatin1String("spike")) {
            const QStringList pair = value.split(u':');
            bool msOk = false;
            faults.spikeMs = pair.value(1).toInt(&msOk);
            if (pair.size() != 2 || !parseRate(pair.at(0), &faults.spikeRate) || !msOk ||
                faults.spikeMs < 0 || faults.spikeMs > 600000)
                return reject(error,
                              QStringLiteral("spike must be RATE:MS (a share between 0 and 1 of the answers, "
                                             "delayed by MS more), not '%1'")
                                  .arg(value));
        } else if (name == QLatin1String("rate-limit")) {
            QString number = value;
            for (const QLatin1String suffix :
                 {QLatin1String("/minute"), QLatin1String("/min"), QLatin1String("/m")}) {
                if (number.endsWith(suffix)) {
                    number.chop(suffix.size());
                    break;
                }
            }
            faults.rateLimitPerMinute = number.toInt(&ok);
            if (!ok || faults.rateLimitPerMinute < 1)
                return reject(
                    error,
                    QStringLiteral("rate-limit must be a positive number per minute (e.g. 60/min), not '%1'")
                        .arg(value));
        } else {
            return reject(error, QStringLiteral("unknown fault '%1' (known: latency, error-rate, "
                                                "drop-after-processing, hang, spike, rate-limit)")
                                     .arg(name));
        }
    }
    if (faults.errorRate + faults.dropAfterProcessing + faults.hang > 1.0)
        return reject(error, QStringLiteral("error-rate + drop-after-processing + hang must not exceed 1"));
    return faults;
}
