// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <functional>
#include <memory>

class Store;

/// Opens another connection to a store (Store::opener()); call it on the thread that will use the new
/// connection (a connection belongs to the thread that opened it). Declared apart from Store, so that a
/// class which only hands an opener on (a service for a worker thread) needs no more than this.
using StoreOpener = std::function<std::unique_ptr<Store>(QString* error)>;
