// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkProgressLine.h"

#include "BulkJobPrinter.h"
#include "services/BulkJobRunner.h"

#include <QCoreApplication>
#include <QTimer>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

BulkProgressLine::BulkProgressLine(BulkJobRunner* runner, QObject* parent)
    : QObject(parent)
    , m_runner(runner)
{
    if (!isTerminal())
        return;
    m_timer = new QTimer(this);
    m_timer->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, &BulkProgressLine::draw);
    m_timer->start();
}

BulkProgressLine::~BulkProgressLine()
{
    finish();
}

bool BulkProgressLine::isTerminal()
{
#ifdef Q_OS_UNIX
    return ::isatty(STDERR_FILENO) && ::isatty(STDOUT_FILENO);
#else
    return false;
#endif
}

void BulkProgressLine::draw()
{
    if (!m_runner)
        return;
    const BulkCounts& c = m_runner->counts();
    const int eta = m_runner->etaSeconds();
    QString text = QCoreApplication::translate("BulkProgressLine", "job #%1 %2/%3: %4")
                       .arg(m_runner->jobId())
                       .arg(c.finished())
                       .arg(c.valid() - c.cancelled)
                       .arg(BulkJobPrinter::countsText(c));
    if (eta >= 0)
        text += QCoreApplication::translate("BulkProgressLine", ", ETA %1 s").arg(eta);
    const QByteArray line = "\r\033[K" + text.toLocal8Bit();
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
    m_drawn = true;
}

void BulkProgressLine::finish()
{
    if (m_timer)
        m_timer->stop();
    if (m_drawn) {
        draw();
        std::fputs("\n", stderr);
        std::fflush(stderr);
        m_drawn = false;
    }
}
