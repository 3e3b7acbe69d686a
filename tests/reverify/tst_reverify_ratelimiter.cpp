// SPDX-License-Identifier: GPL-3.0-or-later
// The console's own rate limiter on its own, with the real clock and short windows: order, the
// limit per window, the reserve for interactive work, cancelling, and following what the server says.
#include "net/ClientRateLimiter.h"

#include <QElapsedTimer>
#include <QtTest>
#include <memory>

class TestClientRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void neverStartsInsideAcquire();
    void defaults();
    void neverMoreThanTheLimitInAnyWindow();
    void aSlotIsHeldUntilTheAnswerAndAWindowMore();
    void backgroundLeavesTheReserveToInteractiveWork();
    void interactiveGoesAheadOfBackground();
    void firstInFirstOut();
    void aRetryKeepsItsPlace();
    void cancelledNeverStarts();
    void goneContextCostsNothing();
    void estimatesTheWait();
    void remainingFromTheServerSlowsDown();
    void retryAfterPausesEveryone();
};

using Priority = ClientRateLimiter::Priority;

namespace {
/// Queues a request that is answered as soon as it starts (`started` runs first).
quint64 ask(ClientRateLimiter& limiter, QObject* context, std::function<void()> started,
            Priority priority = Priority::Interactive, bool first = false, int* wait = nullptr)
{
    auto ticket = std::make_shared<quint64>(0);
    *ticket = limiter.acquire(
        context,
        [&limiter, ticket, started = std::move(started)] {
            started();
            limiter.done(*ticket);
        },
        priority, first, wait);
    return *ticket;
}
} // namespace

void TestClientRateLimiter::neverStartsInsideAcquire()
{
    ClientRateLimiter limiter(10, 1000);
    bool started = false;
    int wait = -1;
    ask(
        limiter, this, [&started] { started = true; }, Priority::Interactive, false, &wait);
    QCOMPARE(wait, 0);
    QVERIFY(!started); // the caller can still connect to what it started
    QTRY_VERIFY(started);
}

void TestClientRateLimiter::defaults()
{
    QCOMPARE(ClientRateLimiter(60).reserve(), 2);
    QCOMPARE(ClientRateLimiter(60).slotMs(), 60120); // the window and 0.2 % for timer slack
    QCOMPARE(ClientRateLimiter(3).reserve(), 1);
    QCOMPARE(ClientRateLimiter(1).reserve(), 0); // nothing to spare: background may use it
    QCOMPARE(ClientRateLimiter(0).limit(), 1);
    QCOMPARE(ClientRateLimiter(10, 200).slotMs(), 210); // at least 10 ms of margin
}

void TestClientRateLimiter::neverMoreThanTheLimitInAnyWindow()
{
    constexpr int kLimit = 20;
    constexpr int kWindowMs = 1000;
    constexpr int kRequests = 45;
    ClientRateLimiter limiter(kLimit, kWindowMs);
    QElapsedTimer clock;
    clock.start();
    QList<qint64> startedAt;
    for (int i = 0; i < kRequests; ++i)
        ask(limiter, this, [&startedAt, &clock] { startedAt << clock.elapsed(); });
    QTRY_COMPARE_WITH_TIMEOUT(startedAt.size(), kRequests, 10000);
    // A whole window's worth goes at once …
    QVERIFY2(startedAt.at(kLimit - 1) < 200, qPrintable(QString::number(startedAt.at(kLimit - 1))));
    // … request i + limit starts at least a whole window after request i (a little timer slack allowed) …
    for (int i = 0; i + kLimit < kRequests; ++i)
        QVERIFY2(startedAt.at(i + kLimit) - startedAt.at(i) >= kWindowMs - 5,
                 qPrintable(QStringLiteral("%1 → %2").arg(startedAt.at(i)).arg(startedAt.at(i + kLimit))));
    // … and it runs at the full rate: the last five start two slots (2 × 1010 ms) after the first.
    QVERIFY2(startedAt.constLast() < 2500, qPrintable(QString::number(startedAt.constLast())));
    QCOMPARE(limiter.queued(), 0);
}

void TestClientRateLimiter::aSlotIsHeldUntilTheAnswerAndAWindowMore()
{
    // A request that queued for a connection or waited long for its answer may have reached the
    // server late: the next one in its slot goes a whole window after the answer, not after the start.
    ClientRateLimiter limiter(1, 200);
    QElapsedTimer clock;
    clock.start();
    quint64 slow = 0;
    qint64 secondAt = -1;
    slow = limiter.acquire(this, [] {});
    QTRY_COMPARE(limiter.inFlight(), 1);
    ask(limiter, this, [&secondAt, &clock] { secondAt = clock.elapsed(); });
    QTest::qWait(400);
    QCOMPARE(secondAt, -1); // still unanswered: its slot is held
    const qint64 answeredAt = clock.elapsed();
    limiter.done(slow);
    QCOMPARE(limiter.inFlight(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(secondAt >= 0, 5000);
    QVERIFY2(secondAt - answeredAt >= 200, qPrintable(QString::number(secondAt - answeredAt)));
    limiter.done(slow); // a second done() for the same ticket changes nothing
    QCOMPARE(limiter.available(), 0);
}

void TestClientRateLimiter::backgroundLeavesTheReserveToInteractiveWork()
{
    constexpr int kLimit = 10; // reserve 1
    constexpr int kWindowMs = 1000;
    ClientRateLimiter limiter(kLimit, kWindowMs);
    QElapsedTimer clock;
    clock.start();
    QList<qint64> background;
    for (int i = 0; i < 20; ++i)
        ask(
            limiter, this, [&background, &clock] { background << clock.elapsed(); }, Priority::Background);
    QTRY_COMPARE(background.size(), kLimit - limiter.reserve());
    QTest::qWait(100);
    QCOMPARE(background.size(), kLimit - limiter.reserve()); // the reserve is kept
    QCOMPARE(limiter.available(Priority::Background), 0);
    QCOMPARE(limiter.available(Priority::Interactive), 1);
    // A person's search still goes at once, while the job waits for the next window.
    qint64 interactiveAt = -1;
    const qint64 askedAt = clock.elapsed();
    ask(limiter, this, [&interactiveAt, &clock] { interactiveAt = clock.elapsed(); });
    QTRY_VERIFY(interactiveAt >= 0);
    QVERIFY2(interactiveAt - askedAt < 100, qPrintable(QString::number(interactiveAt - askedAt)));
    QTRY_COMPARE_WITH_TIMEOUT(background.size(), 20, 10000);
    // Never more than limit - reserve background starts in any window.
    const int perWindow = kLimit - limiter.reserve();
    for (int i = 0; i + perWindow < background.size(); ++i)
        QVERIFY2(
            background.at(i + perWindow) - background.at(i) >= kWindowMs - 5,
            qPrintable(QStringLiteral("%1 → %2").arg(background.at(i)).arg(background.at(i + perWindow))));
}

void TestClientRateLimiter::interactiveGoesAheadOfBackground()
{
    ClientRateLimiter limiter(2, 300); // reserve 1: one background start per window
    QStringList order;
    for (int i = 0; i < 3; ++i)
        ask(
            limiter, this, [&order, i] { order << QStringLiteral("job%1").arg(i); }, Priority::Background);
    QTRY_COMPARE(order.size(), 1);
    ask(limiter, this, [&order] { order << QStringLiteral("search1"); });
    ask(limiter, this, [&order] { order << QStringLiteral("search2"); });
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 5, 5000);
    // search1 takes the reserve at once; search2 the next free slot, ahead of the waiting rows.
    QCOMPARE(order, (QStringList{QStringLiteral("job0"), QStringLiteral("search1"), QStringLiteral("search2"),
                                 QStringLiteral("job1"), QStringLiteral("job2")}));
}

void TestClientRateLimiter::firstInFirstOut()
{
    ClientRateLimiter limiter(3, 150);
    QList<int> order;
    for (int i = 0; i < 8; ++i)
        ask(limiter, this, [&order, i] { order << i; });
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 8, 5000);
    QCOMPARE(order, (QList<int>{0, 1, 2, 3, 4, 5, 6, 7}));
}

void TestClientRateLimiter::aRetryKeepsItsPlace()
{
    ClientRateLimiter limiter(1, 150);
    QList<QString> order;
    for (int i = 0; i < 3; ++i)
        ask(limiter, this, [&order, i] { order << QString::number(i); });
    ask(
        limiter, this, [&order] { order << QStringLiteral("retry"); }, Priority::Interactive, true);
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 4, 5000);
    QCOMPARE(order, (QStringList{QStringLiteral("retry"), QStringLiteral("0"), QStringLiteral("1"),
                                 QStringLiteral("2")}));
}

void TestClientRateLimiter::cancelledNeverStarts()
{
    ClientRateLimiter limiter(1, 150);
    QList<int> order;
    QList<quint64> tickets;
    for (int i = 0; i < 4; ++i)
        tickets << ask(limiter, this, [&order, i] { order << i; });
    QVERIFY(limiter.cancel(tickets.at(1)));
    QVERIFY(!limiter.cancel(tickets.at(1)));
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 3, 5000);
    QTest::qWait(200);
    QCOMPARE(order, (QList<int>{0, 2, 3}));
    QVERIFY(!limiter.cancel(tickets.at(0))); // already started
}

void TestClientRateLimiter::goneContextCostsNothing()
{
    ClientRateLimiter limiter(2, 1000);
    auto owner = std::make_unique<QObject>();
    bool goneStarted = false;
    bool started = false;
    ask(limiter, owner.get(), [&goneStarted] { goneStarted = true; });
    ask(limiter, this, [&started] { started = true; });
    owner.reset();
    QTRY_VERIFY(started);
    QVERIFY(!goneStarted);
    QCOMPARE(limiter.available(), 1); // one of the two slots left
}

void TestClientRateLimiter::estimatesTheWait()
{
    ClientRateLimiter limiter(2, 1000); // 2 a window; a slot is free again 1010 ms after its start
    QElapsedTimer clock;
    clock.start();
    int wait = -1;
    QList<qint64> startedAt;
    for (int i = 0; i < 5; ++i)
        ask(
            limiter, this, [&startedAt, &clock] { startedAt << clock.elapsed(); }, Priority::Interactive,
            false, &wait);
    // The fifth goes in the third window: two slots from now.
    QVERIFY2(wait >= 2000 && wait <= 2030, qPrintable(QString::number(wait)));
    QTRY_COMPARE_WITH_TIMEOUT(startedAt.size(), 5, 5000);
    QVERIFY2(startedAt.at(4) >= 2010 && startedAt.at(4) < 2300, qPrintable(QString::number(startedAt.at(4))));
}

void TestClientRateLimiter::remainingFromTheServerSlowsDown()
{
    ClientRateLimiter limiter(100, 1000);
    QCOMPARE(limiter.available(), 100);
    limiter.observeRemaining(30); // another console used 70 of this window
    QCOMPARE(limiter.available(), 30);
    limiter.observeRemaining(-1);  // not told: no change
    limiter.observeRemaining(500); // more than the limit: no change
    QCOMPARE(limiter.available(), 30);
    limiter.observeRemaining(0); // the window is used up
    QCOMPARE(limiter.available(), 0);
    QElapsedTimer clock;
    clock.start();
    QList<qint64> startedAt;
    for (int i = 0; i < 20; ++i)
        ask(limiter, this, [&startedAt, &clock] { startedAt << clock.elapsed(); });
    QTRY_COMPARE_WITH_TIMEOUT(startedAt.size(), 20, 5000);
    // The others' requests are taken as spread over the last window: they free a slot every 10 ms or
    // so, not all at once and not all a whole window from now.
    QVERIFY2(startedAt.first() >= 10, qPrintable(QString::number(startedAt.first())));
    QVERIFY2(startedAt.last() >= 150 && startedAt.last() < 600,
             qPrintable(QString::number(startedAt.last())));
}

void TestClientRateLimiter::retryAfterPausesEveryone()
{
    ClientRateLimiter limiter(100, 1000);
    limiter.pauseFor(400);
    QVERIFY(limiter.pausedMs() > 300);
    QCOMPARE(limiter.available(), 0);
    QElapsedTimer clock;
    clock.start();
    QList<qint64> startedAt;
    int wait = -1;
    for (int i = 0; i < 3; ++i)
        ask(
            limiter, this, [&startedAt, &clock] { startedAt << clock.elapsed(); },
            i == 2 ? Priority::Background : Priority::Interactive, false, &wait);
    QVERIFY2(wait >= 300, qPrintable(QString::number(wait)));
    QTRY_COMPARE_WITH_TIMEOUT(startedAt.size(), 3, 5000);
    for (qint64 at : startedAt)
        QVERIFY2(at >= 390, qPrintable(QString::number(at)));
    QCOMPARE(limiter.pausedMs(), 0);
}

QTEST_GUILESS_MAIN(TestClientRateLimiter)
#include "tst_reverify_ratelimiter.moc"
