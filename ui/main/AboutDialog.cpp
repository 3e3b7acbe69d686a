// SPDX-License-Identifier: GPL-3.0-or-later
#include "AboutDialog.h"

#include "IdentityDeskVersion.h"

#include <QDialogButtonBox>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QSslSocket>
#include <QVBoxLayout>

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About IdentityDesk"));
    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/identitydesk.svg")).pixmap(64, 64));
    icon->setAccessibleName(tr("IdentityDesk logo"));
    auto* title = new QLabel(tr("<h2>IdentityDesk %1</h2>").arg(QStringLiteral(IDENTITYDESK_VERSION)), this);
    auto* body = new QLabel(this);
    body->setObjectName(QStringLiteral("aboutText"));
    body->setWordWrap(true);
    body->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    body->setFocusPolicy(Qt::StrongFocus);
    body->setAccessibleName(tr("Version and licence"));
    body->setText(
        tr("Operator console for identity-verification providers.") + QStringLiteral("\n\n") + versionText() +
        QStringLiteral("\n\n") +
        tr("This program is free software: you can redistribute it and/or modify it under the terms "
           "of the GNU General Public License, version 3 or (at your option) any later version. It "
           "comes with ABSOLUTELY NO WARRANTY."));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(icon, 0, Qt::AlignHCenter);
    layout->addWidget(title, 0, Qt::AlignHCenter);
    layout->addWidget(body);
    layout->addWidget(buttons);
    buttons->button(QDialogButtonBox::Close)->setFocus();
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::versionText()
{
    const QString ssl = QSslSocket::sslLibraryVersionString();
    return tr("Version %1\nQt %2\n%3\nLicence: GPL-3.0-or-later")
        .arg(QStringLiteral(IDENTITYDESK_VERSION), QString::fromLatin1(qVersion()),
             ssl.isEmpty() ? tr("No TLS library loaded") : ssl);
}
