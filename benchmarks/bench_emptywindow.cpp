// SPDX-License-Identifier: GPL-3.0-or-later
// The baseline of the start-up and idle-memory benchmarks: an empty QMainWindow, built with the same
// compiler, flags and Qt as identitydesk. With --quit-when-shown it prints "shown <ms>" (process
// start to the first paint of the window) and the resident memory once the event loop is idle.
#include <QApplication>
#include <QMainWindow>
#include <QTimer>

#include "BenchProbe.h"

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.resize(1200, 800);
    window.setWindowTitle(QStringLiteral("floor"));
    BenchProbe::reportWhenShown(&window, app.arguments());
    window.show();
    return app.exec();
}
