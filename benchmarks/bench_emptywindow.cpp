// SPDX-License-Identifier: GPL-3.0-or-later
// The floor of the start-up and idle-memory benchmarks: an empty QMainWindow built with the same
// compiler, flags and Qt as identitydesk. `bench_emptywindow --t0 NS` prints shown_ms and rss_kib;
// with --exit-when-shown it ends as soon as the window is shown (like identitydesk --quit-after-shown 0).
#include "BenchProbe.h"

#include <QApplication>
#include <QMainWindow>
#include <QTimer>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.resize(1200, 800);
    window.setWindowTitle(QStringLiteral("floor"));
    new BenchProbe::StartProbe(&window, BenchProbe::startTime(app.arguments()));
    window.show();
    if (app.arguments().contains(QStringLiteral("--exit-when-shown")))
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    return QApplication::exec();
}
