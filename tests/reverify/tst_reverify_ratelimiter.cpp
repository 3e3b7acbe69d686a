// SPDX-License-Identifier: GPL-3.0-or-later
// The console's own rate limiter on its own, with the real clock and short windows: order, the
// limit per window, cancelling, and following what the server says.
#include "net/ClientRateLimiter.h"

#include <QElapsedTimer>
#include <QtTest>
#include <memory>

class TestClientRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void neverStartsInsideAcquire();
    void burstDefaults();
    void neverMoreThanTheLimitInAnyWindow();
    void firstInFirstOut();
    void aRetryKeepsItsPlace();
    void cancelledNeverStarts();
    void goneContextCostsNothing();
    void estimatesTheWait();
    void remainingFromTheServerSlowsDown();
    void retryAfterPausesEveryone();
};

void TestClientRateLimiter::neverStartsInsideAcquire()
{
    ClientRateLimiter limiter(10, 1000);
    bool started = false;
    int wait = -1;
    limiter.acquire(
        this, [&started] { started = true; }, false, &wait);
    QCOMPARE(wait, 0);
    QVERIFY(!started); // the caller can still connect to what it started
    QTRY_VERIFY(started);
}

void TestClientRateLimiter::burstDefaults()
{
    QCOMPARE(ClientRateLimiter(60).burst(), 12);
    QCOMPARE(ClientRateLimiter(3).burst(), 1);
    QCOMPARE(ClientRateLimiter(60, 60000, 100).burst(), 60);
    QCOMPARE(ClientRateLimiter(0).limit(), 1);
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
        limiter.acquire(this, [&startedAt, &clock] { startedAt << clock.elapsed(); });
    QTRY_COMPARE_WITH_TIMEOUT(startedAt.size(), kRequests, 10000);
    // The burst goes at once, then the refill paces the rest.
    QVERIFY2(startedAt.at(limiter.burst() - 1) < 200, qPrintable(QString::number(startedAt.at(3))));
    // Request i + limit starts at least a whole window after request i (a little timer slack allowed).
    for (int i = 0; i + kLimit < kRequests; ++i)
        QVERIFY2(startedAt.at(i + kLimit) - startedAt.at(i) >= kWindowMs - 5,
                 qPrintable(QStringLiteral("%1 → %2").arg(startedAt.at(i)).arg(startedAt.at(i + kLimit))));
    // … and it does not dawdle either: (45 - 4) / (16 per 1.05 s) ≈ 2.7 s.
    QVERIFY2(startedAt.constLast() < 3500, qPrintable(QString::number(startedAt.constLast())));
    QCOMPARE(limiter.queued(), 0);
}

void TestClientRateLimiter::firstInFirstOut()
{
    ClientRateLimiter limiter(10, 500, 1);
    QList<int> order;
    for (int i = 0; i < 8; ++i)
        limiter.acquire(this, [&order, i] { order << i; });
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 8, 5000);
    QCOMPARE(order, (QList<int>{0, 1, 2, 3, 4, 5, 6, 7}));
}

void TestClientRateLimiter::aRetryKeepsItsPlace()
{
    ClientRateLimiter limiter(10, 500, 1);
    QList<QString> order;
    for (int i = 0; i < 3; ++i)
        limiter.acquire(this, [&order, i] { order << QString::number(i); });
    limiter.acquire(
        this, [&order] { order << QStringLiteral("retry"); }, true);
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 4, 5000);
    QCOMPARE(order, (QStringList{QStringLiteral("retry"), QStringLiteral("0"), QStringLiteral("1"),
                                 QStringLiteral("2")}));
}

void TestClientRateLimiter::cancelledNeverStarts()
{
    ClientRateLimiter limiter(10, 500, 1);
    QList<int> order;
    QList<quint64> tickets;
    for (int i = 0; i < 4; ++i)
        tickets << limiter.acquire(this, [&order, i] { order << i; });
    QVERIFY(limiter.cancel(tickets.at(1)));
    QVERIFY(!limiter.cancel(tickets.at(1)));
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 3, 5000);
    QTest::qWait(200);
    QCOMPARE(order, (QList<int>{0, 2, 3}));
    QVERIFY(!limiter.cancel(tickets.at(0))); // already started
}

void TestClientRateLimiter::goneContextCostsNothing()
{
    ClientRateLimiter limiter(10, 1000, 2);
    auto owner = std::make_unique<QObject>();
    bool goneStarted = false;
    bool started = false;
    limiter.acquire(owner.get(), [&goneStarted] { goneStarted = true; });
    limiter.acquire(this, [&started] { started = true; });
    owner.reset();
    QTRY_VERIFY(started);
    QVERIFY(!goneStarted);
    QVERIFY(limiter.tokens() >= 0.99); // one of the two tokens left
}

void TestClientRateLimiter::estimatesTheWait()
{
    ClientRateLimiter limiter(10, 1000, 2); // 2 at once, then 8 a second
    int wait = -1;
    int count = 0;
    for (int i = 0; i < 5; ++i)
        limiter.acquire(
            this, [&count] { ++count; }, false, &wait);
    // The fifth needs three more tokens: about 3 × 131 ms (125 ms and the 5 % margin).
    QVERIFY2(wait >= 360 && wait <= 420, qPrintable(QString::number(wait)));
    QTRY_COMPARE_WITH_TIMEOUT(count, 5, 5000);
}

void TestClientRateLimiter::remainingFromTheServerSlowsDown()
{
    ClientRateLimiter limiter(100, 1000, 20); // 20 at once, then 80 a second
    QVERIFY(limiter.tokens() > 19.9);
    limiter.observeRemaining(0); // another console used up the window
    QVERIFY(limiter.tokens() < 0.01);
    QElapsedTimer clock;
    clock.start();
    qint64 at = -1;
    limiter.acquire(this, [&at, &clock] { at = clock.elapsed(); });
    QTRY_VERIFY(at >= 0);
    QVERIFY2(at >= 10, qPrintable(QString::number(at))); // waited for a token (13 ms)
    limiter.observeRemaining(-1);                        // not told: no change
    limiter.observeRemaining(500);                       // more than we hold: no change
    QVERIFY(limiter.tokens() < 20.01);
}

void TestClientRateLimiter::retryAfterPausesEveryone()
{
    ClientRateLimiter limiter(100, 1000, 20);
    limiter.pauseFor(400);
    QVERIFY(limiter.pausedMs() > 300);
    QElapsedTimer clock;
    clock.start();
    QList<qint64> startedAt;
    int wait = -1;
    for (int i = 0; i < 3; ++i)
        limiter.acquire(
            this, [&startedAt, &clock] { startedAt << clock.elapsed(); }, false, &wait);
    QVERIFY2(wait >= 300, qPrintable(QString::number(wait)));
    QTRY_COMPARE_WITH_TIMEOUT(startedAt.size(), 3, 5000);
    for (qint64 at : startedAt)
        QVERIFY2(at >= 390, qPrintable(QString::number(at)));
    QCOMPARE(limiter.pausedMs(), 0);
}

QTEST_GUILESS_MAIN(TestClientRateLimiter)
#include "tst_reverify_ratelimiter.moc"
