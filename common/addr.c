/* addr: being written */
