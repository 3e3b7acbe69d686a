// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreWriter.h"

#include <QThread>

/// Lives on the writer's thread and owns its connection there (QtSql connections are per thread).
class StoreWriter::Worker final : public QObject
{
public:
    explicit Worker(Store::Opener opener)
        : m_opener(std::move(opener))
    {}

    void run(const Work& work)
    {
        if (!m_store && m_openError.isEmpty()) {
            QString error;
            m_store = m_opener(&error);
            if (!m_store)
                m_openError = error.isEmpty() ? QStringLiteral("unknown error") : error;
        }
        work(m_store.get(), m_openError);
    }

    void close() { m_store.reset(); }

private:
    Store::Opener m_opener;
    std::unique_ptr<Store> m_store;
    QString m_openError; ///< once the connection failed to open, every later work gets this
};

StoreWriter::StoreWriter(Store::Opener opener, QObject* parent)
    : QObject(parent)
    , m_thread(new QThread)
    , m_worker(new Worker(std::move(opener)))
{
    m_thread->setObjectName(QStringLiteral("identitydesk-store-writer"));
    m_worker->moveToThread(m_thread);
    m_thread->start();
}

StoreWriter::~StoreWriter()
{
    // Queued behind everything posted: the work before it runs first.
    Worker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [worker] {
            worker->close();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread->wait();
    delete m_worker; // its thread has ended: nothing of it runs any more
    delete m_thread;
}

void StoreWriter::post(Work work, QObject* context, std::function<void()> done)
{
    const quint64 id = m_nextId++;
    m_waiting.insert(id, Waiting{context, std::move(done)});
    Worker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker,
        [this, worker, id, work = std::move(work)] {
            worker->run(work);
            // Back to this object's thread. Posting is thread-safe; if this object is being destroyed,
            // it waits for this thread first, and QObject's destructor drops the posted call.
            QMetaObject::invokeMethod(
                this, [this, id] { deliver(id); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void StoreWriter::deliver(quint64 id)
{
    const Waiting waiting = m_waiting.take(id);
    if (waiting.context && waiting.done)
        waiting.done();
}
