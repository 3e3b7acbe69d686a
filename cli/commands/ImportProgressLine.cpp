// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportProgressLine.h"

#include "BulkProgressLine.h"

#include <QCoreApplication>
#include <QLocale>
#include <cstdio>

ImportProgressLine::ImportProgressLine(bool wanted)
    : m_enabled(wanted && BulkProgressLine::isTerminal())
{
    m_since.start();
}

ImportProgressLine::~ImportProgressLine()
{
    finish();
}

bool ImportProgressLine::update(const QString& what, qint64 done, qint64 total)
{
    if (!m_enabled || (m_drawn && m_since.elapsed() < 250 && (done < total || total <= 0)))
        return true;
    m_since.restart();
    const QLocale locale;
    // No total yet (the file's lines are being counted): only what is done.
    const QString text = total <= 0 ? QCoreApplication::translate("ImportProgressLine", "%1…").arg(what)
                                    : QCoreApplication::translate("ImportProgressLine", "%1: %2 of %3")
                                          .arg(what, locale.toString(done), locale.toString(total));
    const QByteArray line = "\r\033[K" + text.toLocal8Bit();
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
    m_drawn = true;
    return true;
}

void ImportProgressLine::finish()
{
    if (m_drawn) {
        std::fputs("\n", stderr);
        std::fflush(stderr);
        m_drawn = false;
    }
}
