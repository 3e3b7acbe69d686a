// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectsCsvWriter.h"

#include "Population.h"
#include "sdkfinance/SdkFinanceEmulator.h"
#include "smileid/SmileIdJobs.h"

#include <QFile>
#include <QSaveFile>

QString SubjectsCsvWriter::referenceFor(quint32 id)
{
    return QStringLiteral("CUST-%1").arg(id, 6, 10, QLatin1Char('0'));
}

bool SubjectsCsvWriter::write(const Population& population, quint32 count, const QString& path,
                              QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    QByteArray out = "subject,email,smileid,smileid_job,sdkfinance,trustswiftly,smartid,name,phone\n";
    const quint32 n = qMin(count, population.size());
    for (quint32 id = 1; id <= n; ++id) {
        const PopulationUser u = population.user(id);
        // Population fields hold no commas, quotes or line breaks: no quoting needed.
        const QStringList row{referenceFor(id),
                              u.email,
                              u.referenceId,
                              SmileIdJobs::jobIdFor(id),
                              leavesOutSdkFinance(id) ? QString() : SdkFinanceEmulator::userId(id),
                              QString::number(id),
                              u.email,
                              u.firstName + u' ' + u.lastName,
                              u.phone};
        out += row.join(u',').toUtf8() + '\n';
        if (out.size() > (1 << 20)) {
            file.write(out);
            out.clear();
        }
    }
    file.write(out);
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
