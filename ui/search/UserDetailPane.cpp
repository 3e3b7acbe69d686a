// SPDX-License-Identifier: GPL-3.0-or-later
#include "UserDetailPane.h"

#include "net/HttpReply.h"
#include "services/UserDirectory.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

UserDetailPane::UserDetailPane(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_note(new QLabel(this))
    , m_fields(new QWidget(this))
{
    setObjectName(QStringLiteral("userDetailPane"));
    setAccessibleName(tr("User details"));
    m_title->setObjectName(QStringLiteral("detailTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_note->setObjectName(QStringLiteral("detailNote"));
    m_note->setWordWrap(true);

    auto* form = new QFormLayout(m_fields);
    form->setContentsMargins(0, 0, 0, 0);
    form->setLabelAlignment(Qt::AlignRight);
    m_name = addRow(form, tr("Name"), "detailName");
    m_email = addRow(form, tr("E-mail"), "detailEmail");
    m_phone = addRow(form, tr("Phone"), "detailPhone");
    m_status = addRow(form, tr("Status"), "detailStatus");
    m_reference = addRow(form, tr("Reference"), "detailReference");
    m_id = addRow(form, tr("Provider id"), "detailId");

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_fields);
    layout->addWidget(m_note);
    layout->addStretch(1);
    clear();
}

QLabel* UserDetailPane::addRow(QFormLayout* form, const QString& label, const char* objectName)
{
    auto* value = new QLabel(m_fields);
    value->setObjectName(QString::fromLatin1(objectName));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    value->setMinimumWidth(120);
    value->setAccessibleName(label);
    //: A form label: French puts a space before the colon.
    form->addRow(tr("%1:").arg(label), value);
    return value;
}

void UserDetailPane::retranslateUi()
{
    setAccessibleName(tr("User details"));
    auto* form = qobject_cast<QFormLayout*>(m_fields->layout());
    const QList<QPair<QLabel*, QString>> rows{{m_name, tr("Name")},           {m_email, tr("E-mail")},
                                              {m_phone, tr("Phone")},         {m_status, tr("Status")},
                                              {m_reference, tr("Reference")}, {m_id, tr("Provider id")}};
    for (const auto& [value, label] : rows) {
        value->setAccessibleName(label);
        if (auto* l = form ? qobject_cast<QLabel*>(form->labelForField(value)) : nullptr)
            l->setText(tr("%1:").arg(label));
    }
    if (m_user.id.isEmpty()) {
        m_title->setText(tr("No user selected"));
        m_note->setText(tr("Search for a user and select a row to see the details here."));
    } else {
        fill(m_user);
    }
}

void UserDetailPane::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void UserDetailPane::setDirectory(UserDirectory* directory)
{
    if (m_pending)
        m_pending->cancel();
    m_directory = directory;
}

void UserDetailPane::refresh()
{
    if (!m_user.id.isEmpty())
        showUser(m_user);
}

void UserDetailPane::clear()
{
    if (m_pending) {
        m_pending->disconnect(this);
        m_pending->cancel();
    }
    m_user = UserRecord();
    m_title->setText(tr("No user selected"));
    m_note->setText(tr("Search for a user and select a row to see the details here."));
    m_fields->hide();
}

void UserDetailPane::fill(const UserRecord& user)
{
    m_user = user;
    m_title->setText(user.displayName());
    auto orDash = [](const QString& s) {
        return s.isEmpty() ? QStringLiteral("—") : s;
    };
    m_name->setText(orDash((user.firstName + QLatin1Char(' ') + user.lastName).trimmed()));
    m_email->setText(orDash(user.email));
    m_phone->setText(orDash(user.phone));
    m_status->setText(orDash(user.status));
    m_reference->setText(orDash(user.referenceId));
    m_id->setText(orDash(user.id));
    m_fields->show();
}

void UserDetailPane::showUser(const UserRecord& user)
{
    if (m_pending) {
        m_pending->disconnect(this);
        m_pending->cancel();
    }
    fill(user);
    // Only the search directory's own records can be read back from it.
    if (!m_directory || user.id.isEmpty() || user.provider != m_directory->provider()) {
        m_note->clear();
        return;
    }
    m_note->setText(tr("Refreshing from %1…").arg(m_directory->providerName()));
    const auto reply = m_directory->user(user.id);
    m_pending = reply;
    connect(reply, &HttpReply::finished, this, [this, reply] {
        const HttpResult& r = reply->result();
        if (r.error.kind == ApiError::Kind::Cancelled)
            return;
        if (!r.ok()) {
            m_note->setText(r.error.message());
            return;
        }
        const UserRecord fresh = reply.value();
        fill(fresh);
        m_note->setText(
            tr("Up to date as of %1.").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
        emit userRefreshed(fresh);
    });
}
