// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectImportJob.h"

#include "SubjectService.h"
#include "store/StoreWriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace {
/// Progress signals at most this often: enough for a bar to move smoothly, few enough to leave the
/// event loop free whatever the number of rows.
constexpr qint64 kProgressIntervalMs = 50;
} // namespace

SubjectImportJob::SubjectImportJob(Store::Opener opener, Operator op, QObject* parent)
    : QObject(parent)
    , m_operator(std::move(op))
    , m_writer(std::make_unique<StoreWriter>(std::move(opener)))
{}

SubjectImportJob::~SubjectImportJob()
{
    // The work stops at its next row and rolls back; the writer's destructor waits for that, so no
    // transaction outlives the console.
    cancel();
    m_writer.reset();
}

std::function<bool(qint64, qint64)> SubjectImportJob::progressReporter()
{
    auto timer = std::make_shared<QElapsedTimer>();
    return [this, timer, cancelled = m_cancel](qint64 done, qint64 total) {
        if (!timer->isValid() || timer->elapsed() >= kProgressIntervalMs || done >= total) {
            timer->start();
            // Posted to this object's thread; should the job go first, its destructor has waited for
            // the worker and QObject drops what is still queued.
            QMetaObject::invokeMethod(
                this,
                [this, done, total] {
                    if (isBusy())
                        emit progress(done, total);
                },
                Qt::QueuedConnection);
        }
        return !cancelled->load();
    };
}

bool SubjectImportJob::plan(const QString& filePath)
{
    if (isBusy())
        return false;
    m_phase = Phase::Checking;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto result = std::make_shared<SubjectImportReport>();
    m_writer->post(
        [result, filePath, op = m_operator, report = progressReporter()](Store* store,
                                                                         const QString& openError) {
            if (!store) {
                result->fileName = filePath;
                result->fileProblem = tr("Cannot read the subject index: %1").arg(openError);
                return;
            }
            *result = SubjectService(*store, op).planImport(filePath, report);
        },
        this,
        [this, result] {
            m_report = std::move(*result);
            m_phase = Phase::Idle;
            emit planned();
        });
    return true;
}

bool SubjectImportJob::apply(const QString& reason)
{
    if (isBusy() || (m_report.fileName.isEmpty() && m_report.rows.isEmpty()))
        return false;
    m_phase = Phase::Writing;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    struct Result
    {
        bool ok = false;
        QString error;
    };
    auto result = std::make_shared<Result>();
    m_writer->post(
        [result, reason, planned = m_report, op = m_operator,
         report = progressReporter()](Store* store, const QString& openError) {
            if (!store) {
                result->error = tr("Nothing was imported: cannot open the store: %1").arg(openError);
                return;
            }
            result->ok = SubjectService(*store, op).applyImport(planned, reason, &result->error, report);
        },
        this,
        [this, result] {
            m_phase = Phase::Idle;
            emit applied(result->ok, result->error);
        });
    return true;
}

void SubjectImportJob::cancel()
{
    if (m_cancel && isBusy())
        m_cancel->store(true);
}
