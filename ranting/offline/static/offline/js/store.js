// IndexedDB on the phone: the child lists, the queue of weighings and a few settings.
// One database per signed-in user, so two kader sharing a phone never see or send each
// other's entries. IndexedDB survives closing the browser and restarting the phone.

const VERSION = 1;

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
  });
}

export async function openStore(userId) {
  const request = indexedDB.open(`ranting-luring-u${userId}`, VERSION);
  request.onupgradeneeded = () => {
    const db = request.result;
    const children = db.createObjectStore("children", { keyPath: "id" });
    children.createIndex("posyandu_id", "posyandu_id");
    const queue = db.createObjectStore("queue", { keyPath: "client_id" });
    queue.createIndex("child_id", "child_id");
    db.createObjectStore("meta");
  };
  const db = await promised(request);
  return new Store(db);
}

class Store {
  constructor(db) {
    this.db = db;
  }

  async get(store, key) {
    return promised(this.db.transaction(store).objectStore(store).get(key));
  }

  async all(store) {
    return promised(this.db.transaction(store).objectStore(store).getAll());
  }

  async put(store, value, key) {
    const tx = this.db.transaction(store, "readwrite");
    tx.objectStore(store).put(value, key);
    await done(tx);
  }

  async delete(store, key) {
    const tx = this.db.transaction(store, "readwrite");
    tx.objectStore(store).delete(key);
    await done(tx);
  }

  async meta(key) {
    return this.get("meta", key);
  }

  async setMeta(key, value) {
    return this.put("meta", value, key);
  }

  async children(posyanduId) {
    const index = this.db.transaction("children").objectStore("children").index("posyandu_id");
    return promised(index.getAll(posyanduId));
  }

  /** Replace the stored children of one posyandu in one transaction (no half-written list). */
  async replaceChildren(posyanduId, children) {
    const tx = this.db.transaction("children", "readwrite");
    const store = tx.objectStore("children");
    const keys = await promised(store.index("posyandu_id").getAllKeys(posyanduId));
    keys.forEach((key) => store.delete(key));
    children.forEach((child) => store.put({ ...child, posyandu_id: posyanduId }));
    await done(tx);
  }

  async entries() {
    const rows = await this.all("queue");
    return rows.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async entry(clientId) {
    return this.get("queue", clientId);
  }

  async saveEntry(entry) {
    entry.updated_at = new Date().toISOString();
    await this.put("queue", entry);
    return entry;
  }

  async deleteEntry(clientId) {
    await this.delete("queue", clientId);
  }
}
