// SPDX-License-Identifier: GPL-3.0-or-later
// The console side of benchmarks/run (not product code; it may block and use QTest to type).
//   bench_console startup --store URL [--profile FILE] --t0 NS
//       the start-up sequence of gui/main.cpp (ConsoleLauncher: profile, store, sign-in window);
//       prints "shown_ms" when the sign-in window has painted, then "rss_kib" after 1 s idle.
//   bench_console idle --store URL --profile FILE --operator NAME --t0 NS     (IDENTITYDESK_PASSWORD)
//       a signed-in main window connected to the profile; prints "shown_ms" and idle "rss_kib".
//   bench_console search --store URL --profile FILE --operator NAME --text T --scroll N
//       types T into the search field; prints "search_ms" (last keystroke to the first page of results
//       painted), then scrolls the results to the end until N rows are loaded ("scroll_rows",
//       "scroll_ms"); a probe timer on the GUI thread records every gap between its ticks during all
//       of it ("gap_p99_ms", "gap_max_ms", "gap_count").
#include "BenchProbe.h"
#include "dialogs/SignInDialog.h"
#include "main/ConsoleLauncher.h"
#include "main/MainWindow.h"
#include "services/OperatorService.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLineEdit>
#include <QScrollBar>
#include <QTest>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

namespace {
using BenchProbe::print;
using BenchProbe::StartProbe;

/// Records the gaps between the ticks of a 5 ms timer on the GUI thread.
class GapProbe final : public QObject
{
public:
    explicit GapProbe(QObject* parent)
        : QObject(parent)
    {
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_gapsMs.push_back(double(now - m_last) / 1e6);
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void report()
    {
        m_timer.stop();
        std::vector<double> g = m_gapsMs;
        if (g.empty())
            return;
        std::sort(g.begin(), g.end());
        print("gap_count", double(g.size()));
        print("gap_p99_ms", g[std::min(g.size() - 1, size_t(double(g.size()) * 0.99))]);
        print("gap_max_ms", g.back());
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_gapsMs;
};

/// Runs the event loop until done() or timeoutMs: a real loop. QTest::qWait and qWaitFor sleep 10 ms
/// between rounds of events, which lengthens every gap the probe sees and delays every paint.
bool runUntil(const std::function<bool()>& done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(1);
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() > timeoutMs)
            loop.quit();
    });
    poll.start();
    if (!done())
        loop.exec();
    return done();
}

Operator signIn(Store* store, const QString& name)
{
    QString error;
    const auto op =
        OperatorService(store).signIn(name, qEnvironmentVariable("IDENTITYDESK_PASSWORD"), &error);
    if (!op)
        qFatal("cannot sign in %s: %s", qPrintable(name), qPrintable(error));
    return *op;
}
} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("IdentityDesk"));
    QApplication::setApplicationName(QStringLiteral("identitydesk"));
    QCommandLineParser parser;
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("store URL"),
                                   QStringLiteral("URL"));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("profile"),
                                     QStringLiteral("FILE"));
    const QCommandLineOption op(QStringLiteral("operator"), QStringLiteral("operator"),
                                QStringLiteral("NAME"));
    const QCommandLineOption t0(QStringLiteral("t0"), QStringLiteral("start time, ns"), QStringLiteral("NS"));
    const QCommandLineOption text(QStringLiteral("text"), QStringLiteral("search text"), QStringLiteral("T"));
    const QCommandLineOption scroll(QStringLiteral("scroll"), QStringLiteral("rows to scroll"),
                                    QStringLiteral("N"), QStringLiteral("0"));
    parser.addOptions({store, profile, op, t0, text, scroll});
    parser.addPositionalArgument(QStringLiteral("mode"), QStringLiteral("startup | idle | search"));
    parser.process(app);
    const QString mode = parser.positionalArguments().value(0);
    const qint64 start = parser.isSet(t0) ? parser.value(t0).toLongLong() : BenchProbe::nowNs();

    if (mode == QLatin1String("startup")) {
        ConsoleLauncher::Options options;
        options.storeUrl = parser.value(store);
        options.profilePath = parser.value(profile);
        ConsoleLauncher launcher(options);
        launcher.start();
        QWidget* dialog = launcher.signInDialog();
        new StartProbe(dialog, start);
        return QApplication::exec();
    }

    QString error;
    std::unique_ptr<Store> db = StoreFactory::open(parser.value(store), &error);
    if (!db)
        qFatal("cannot open the store: %s", qPrintable(error));
    MainWindow window(ConsoleServices(db.get()), signIn(db.get(), parser.value(op)));
    if (!window.openProfile(parser.value(profile)))
        qFatal("cannot open the profile");
    window.resize(1200, 800);

    if (mode == QLatin1String("idle")) {
        new StartProbe(&window, start);
        window.show();
        return QApplication::exec();
    }
    if (mode != QLatin1String("search"))
        qFatal("unknown mode");

    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        qFatal("window not exposed");
    auto* field = window.findChild<QLineEdit*>(QStringLiteral("searchField"));
    auto* view = window.findChild<QAbstractItemView*>(QStringLiteral("resultsView"));
    if (!field || !view)
        qFatal("search field or results view not found");

    GapProbe gaps(&app);
    QElapsedTimer clock;
    bool painted = false;
    struct PaintWatch : QObject
    {
        std::function<void()> onPaint;
        bool eventFilter(QObject* o, QEvent* e) override
        {
            if (e->type() == QEvent::Paint && onPaint)
                onPaint();
            return QObject::eventFilter(o, e);
        }
    } watch;
    view->viewport()->installEventFilter(&watch);
    watch.onPaint = [&] {
        if (!painted && clock.isValid() && view->model() && view->model()->rowCount() > 0) {
            painted = true;
            print("search_ms", double(clock.nsecsElapsed()) / 1e6);
        }
    };

    gaps.start();
    field->setFocus();
    QTest::keyClicks(field, parser.value(text));
    clock.start();
    if (!runUntil([&] { return painted; }, 120000))
        qFatal("no results painted within 120 s");

    // Scroll to the end again and again, as a user holding End would, until N rows are loaded.
    const int wanted = parser.value(scroll).toInt();
    QElapsedTimer scrolling;
    scrolling.start();
    int lastRows = -1;
    QElapsedTimer stalled;
    stalled.start();
    QElapsedTimer sinceScroll;
    sinceScroll.start();
    runUntil(
        [&] {
            const int rows = view->model()->rowCount();
            if (rows >= wanted)
                return true;
            if (sinceScroll.elapsed() >= 20) { // every 20 ms, to the end again
                view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum());
                sinceScroll.restart();
            }
            if (rows != lastRows) {
                lastRows = rows;
                stalled.restart();
            }
            // No more results or the provider stopped answering: report what was loaded.
            return stalled.elapsed() > 30000;
        },
        3600 * 1000);
    print("scroll_rows", double(view->model()->rowCount()));
    print("scroll_ms", double(scrolling.nsecsElapsed()) / 1e6);
    gaps.report();
    return 0;
}
