// SPDX-License-Identifier: GPL-3.0-or-later
#include "StdinWatcher.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <cstdio>
#include <thread>

StdinWatcher::StdinWatcher(QObject* parent)
    : QObject(parent)
{}

void StdinWatcher::start()
{
    QPointer<StdinWatcher> self(this);
    std::thread([self] {
        char buffer[256];
        while (std::fread(buffer, 1, sizeof buffer, stdin) > 0) {
        }
        // Queued to the application's thread, where the watcher lives: it is only looked at there.
        if (QCoreApplication* app = QCoreApplication::instance())
            QMetaObject::invokeMethod(
                app,
                [self] {
                    if (self)
                        emit self->closed();
                },
                Qt::QueuedConnection);
    }).detach();
}
