// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Store.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

class QThread;

/// A second connection to the same store, on a thread of its own. A bulk job writes the intents and
/// outcomes of its rows through it, so that their durable commits (an fsync, an SQLite checkpoint, a
/// PostgreSQL round trip) never stall the event loop of the console, whatever the disk or the network
/// is doing. Work runs in the order it was posted; its `done` then runs on the thread that posted it
/// (which must run an event loop), unless `context` is gone by then.
class StoreWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWriter)

public:
    /// Runs on the writer's thread; `store` is null when the connection could not be opened (`openError`).
    using Work = std::function<void(Store* store, const QString& openError)>;

    /// The connection is opened with `opener` on the writer's thread, when the first work arrives.
    explicit StoreWriter(Store::Opener opener, QObject* parent = nullptr);
    /// Runs everything posted so far, closes the connection and ends the thread; it waits for that,
    /// so that nothing posted is lost when the console closes.
    ~StoreWriter() override;

    void post(Work work, QObject* context, std::function<void()> done);
    /// Work posted whose `done` has not run yet.
    int pending() const { return int(m_waiting.size()); }

private:
    class Worker;
    struct Waiting
    {
        QPointer<QObject> context;
        std::function<void()> done;
    };
    void deliver(quint64 id);

    QThread* m_thread;
    Worker* m_worker;
    quint64 m_nextId = 1;
    QHash<quint64, Waiting> m_waiting;
};
