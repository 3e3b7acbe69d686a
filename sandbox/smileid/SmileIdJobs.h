// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

/// The seeded SmartSelfie registration jobs (job_type 4) of the Smile ID emulator: every population
/// user has one, job id "JOB-" + the padded population id ("JOB-000123"). Its state follows the id:
/// id % 10 in 0..5 complete and successful, 6..7 still pending, 8..9 complete and failed. Completed
/// jobs have a history of two results; image links point under the sandbox's Smile ID prefix.
class SmileIdJobs final
{
public:
    enum class State
    {
        Success,
        Pending,
        Failed
    };

    SmileIdJobs() = delete;

    /// "JOB-000123" for population id 123.
    static QString jobIdFor(quint32 populationId);
    /// The population id a job id names (0 when none).
    static quint32 populationIdOf(const QString& jobId);
    static State stateOf(quint32 populationId);
    /// The job_status answer without timestamp and signature.
    static QJsonObject answer(quint32 populationId, const QString& userId, bool history, bool imageLinks,
                              const QUrl& baseUrl);
};
