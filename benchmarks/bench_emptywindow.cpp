// SPDX-License-Identifier: GPL-3.0-or-later
// The floor of the start-up and idle-memory benchmarks: an empty QMainWindow built with the same
// compiler, flags and Qt as identitydesk. `bench_emptywindow --t0 NS` prints shown_ms and rss_kib.
#include "BenchProbe.h"

#include <QApplication>
#include <QMainWindow>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.resize(1200, 800);
    window.setWindowTitle(QStringLiteral("floor"));
    new BenchProbe::StartProbe(&window, BenchProbe::startTime(app.arguments()));
    window.show();
    return QApplication::exec();
}
