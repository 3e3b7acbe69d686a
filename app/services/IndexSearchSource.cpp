// SPDX-License-Identifier: GPL-3.0-or-later
#include "IndexSearchSource.h"

#include "SubjectService.h"
#include "net/HttpReply.h"

#include <QPointer>
#include <QTimer>

IndexSearchSource::IndexSearchSource(SubjectService& subjects)
    : m_subjects(subjects)
{}

QString IndexSearchSource::key() const
{
    return QStringLiteral("index");
}

QString IndexSearchSource::displayName() const
{
    return tr("Local index");
}

Reply<UserPage> IndexSearchSource::page(const QString& text, int page, int perPage)
{
    auto* reply = new HttpReply();
    const QPointer<HttpReply> guard(reply);
    const int offset = (qMax(1, page) - 1) * perPage;
    // One more than asked tells whether another page exists.
    QString error;
    const std::optional<QList<Subject>> found = m_subjects.find(text, offset, perPage + 1, &error);
    HttpResult result;
    if (!found) {
        result.error.kind = ApiError::Kind::Server;
        result.error.provider = displayName();
        result.error.operation = tr("search the subject index");
        result.error.detail = error;
    } else {
        UserPage p;
        p.page = qMax(1, page);
        p.perPage = perPage;
        for (const Subject& s : found->mid(0, perPage)) {
            UserRecord r;
            r.provider = key();
            r.id = s.reference;
            r.referenceId = s.reference;
            r.email = s.email;
            r.firstName = s.name; // the index keeps the name whole
            r.phone = s.phone;
            QVariantMap ids;
            for (auto it = s.ids.cbegin(); it != s.ids.cend(); ++it)
                ids.insert(it.key(), it.value());
            r.attributes.insert(QStringLiteral("ids"), ids);
            p.users << r;
        }
        const bool more = found->size() > perPage;
        p.lastPage = more ? p.page + 1 : p.page;
        p.total = offset + found->size();
        result.httpStatus = 200;
        result.value = QVariant::fromValue(p);
    }
    // Like a network answer: later, never inside this call.
    QTimer::singleShot(0, reply, [guard, result] {
        if (guard && !guard->isFinished())
            guard->finish(result);
    });
    return reply;
}
