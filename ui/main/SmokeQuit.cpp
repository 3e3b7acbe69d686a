// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmokeQuit.h"

#include <QApplication>
#include <QEvent>
#include <QTextStream>
#include <QTimer>
#include <QWidget>

SmokeQuit::SmokeQuit(int delayMs, QObject* parent)
    : QObject(parent)
    , m_delayMs(qMax(0, delayMs))
{
    qApp->installEventFilter(this);
}

SmokeQuit::~SmokeQuit() = default;

bool SmokeQuit::eventFilter(QObject* watched, QEvent* event)
{
    if (!m_armed && event->type() == QEvent::Show) {
        auto* widget = qobject_cast<QWidget*>(watched);
        if (widget && widget->isWindow()) {
            m_armed = true;
            QTextStream(stdout) << "shown: " << widget->windowTitle() << Qt::endl;
            QTimer::singleShot(m_delayMs, qApp, [] { QCoreApplication::exit(0); });
        }
    }
    return QObject::eventFilter(watched, event);
}
